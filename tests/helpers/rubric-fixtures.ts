/** A small, valid rubric used across tests: two criteria, one with levels. */
export const scienceRubric = {
  id: "photosynthesis-basics",
  title: "Photosynthesis basics",
  question: "What do plants need for photosynthesis, and what do they make?",
  language: "en",
  referenceAnswer: "Plants use light, water and carbon dioxide to make glucose and release oxygen.",
  criteria: [
    {
      id: "inputs",
      title: "Inputs",
      description: "Names light, water and carbon dioxide.",
      maxPoints: 2,
      levels: [
        { points: 2, description: "All three inputs." },
        { points: 1, description: "Two of the inputs." },
      ],
    },
    {
      id: "outputs",
      title: "Outputs",
      description: "Names glucose (sugar) and oxygen.",
      maxPoints: 2,
    },
  ],
};
