/**
 * French, Spanish, Portuguese and Italian phrases that address the grader. Accents are folded on both sides
 * ("barème" ~ "bareme", "instruções" ~ "instrucoes"), so unaccented typing matches. Each rule pairs an
 * imperative or claim with grading vocabulary; "les instructions de la recette" or "la note maximale est 20"
 * stay unflagged.
 */
import { phraseRule } from "../matching-text.js";
import { DIGIT, SCORE_FRACTION, type PhraseRule } from "../screen-types.js";

const gap = (n: number) => String.raw`[^.!?\n]{0,${n}}?`;
const LINE_START = String.raw`(?:^|\n|[.!?)]\s+)\s*`;

/**
 * The bare French "ignore" is also English ("People ignore safety instructions for several reasons:"): read
 * as French only with a French determiner before its object.
 */
const FRENCH_IGNORE = String.raw`ignore\s+(?:(?:toutes?|tous)\s+)?(?:les|tes|vos|ces|mes|la|le|l'|des)\b${gap(25)}`;

const french: PhraseRule[] = [
  phraseRule(
    "fr.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its instructions (French).",
    String.raw`\b(?:(?:ignore[zs]|oublie[zs]?|ne (?:tiens|tenez) pas compte|ne (?:suis|suivez) pas|fais abstraction|faites abstraction)\b${gap(30)}|${FRENCH_IGNORE})\b(?:instructions?|consignes?|directives?|regles?|indications?|bareme|grille|criteres)\b${gap(20)}(?:\b(?:precedent\w*|ci-dessus|anterieur\w*|initial\w*|d'avant|du systeme)|\s*:)|\b(?:ignore[zs]?|oublie[zs]?)\s+(?:le bareme|la grille|les criteres|le corrige|(?:tout\s+)?ce qui (?:precede|est (?:au-dessus|ecrit au-dessus)|a ete dit))\b`,
  ),
  phraseRule(
    "fr.score.give-top-grade",
    "score_request",
    "The answer asks for the top grade (French).",
    // "Le jury a donné la meilleure note à Marie" reports a grade given; the auxiliary tells it apart.
    // Round 41: "il est rare de donner 20/20 en philosophie" says what graders usually do; no request.
    String.raw`(?<!\b(?:a|ai|as|ont|avons|avez|avait|avaient)\s)(?<!\b(?:rare|rarissime|exceptionnel|inhabituel|difficile|frequent|courant|habituel|normal|impossible|hesitent a|hesite a|osent|ose)\s+(?:de\s+|d'|a\s+)?)\b(?:donne[zs]?|mets|mettez|mettre|attribue[zs]?|attribuer|accorde[zs]?|donner)\b${gap(30)}\b(?:la note maximale|la meilleure note|tous les points|la totalite des points|le maximum|20 ?/ ?20|10 ?/ ?10|la note parfaite|(?:une|la) note (?:de )?20)|\b(?:merite|doit)\b${gap(15)}(?:20 ?/ ?20|la note maximale|tous les points|la meilleure note)`,
  ),
  phraseRule(
    "fr.score.count-as-correct",
    "score_request",
    "The answer tells the grader to count it as correct (French).",
    String.raw`\b(?:considere[zs]?|compte[zs]?|note[zs]?|evalue[zs]?|marque[zs]?|juge[zs]?)\b${gap(25)}\bcomme\s+(?:entierement |totalement |parfaitement )?(?:correcte?s?|juste|bonne|valide|parfaite)\b`,
  ),
  phraseRule(
    "fr.role.as-your-teacher",
    "role_claim",
    "The answer claims to speak as the teacher (French).",
    String.raw`\ben tant que\s+(?:votre |ton |le |la )?(?:professeur|enseignant|correcteur|examinateur|prof)\w*\b${gap(40)}\b(?:je|j')\s*(?:confirme|certifie|declare|valide|atteste|ordonne|demande)\b|\btu es (?:maintenant|desormais)\b${gap(40)}\b(?:correcteur|examinateur|evaluateur|professeur|assistant)`,
  ),
  phraseRule(
    "fr.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note addressed to the grader (French).",
    String.raw`\bnote (?:pour|au|a l'attention du) (?:le )?(?:correcteur|examinateur|evaluateur|ia|professeur|modele)\b|\b(?:correcteur|evaluateur)\s+(?:ia|automatique)\s*:`,
  ),
  phraseRule(
    "fr.amend.criteria-changed",
    "rubric_amendment",
    "The answer claims the marking scheme has changed (French).",
    String.raw`\b(?:bareme|grille (?:de correction|d'evaluation)|criteres (?:d'evaluation|de correction|de notation)|corrige)\b${gap(30)}\b(?:a|ont)\s+(?:ete\s+)?(?:mis a jour|modifie\w*|change\w*|actualise\w*|revu\w*)`,
  ),
  phraseRule(
    "fr.verdict.label",
    "fake_verdict",
    "The answer contains a grade written as if by the grader (French).",
    String.raw`${LINE_START}(?:note finale|note globale|evaluation|resultat|verdict)\s*:\s*(?:${SCORE_FRACTION}|correct\w*\b|parfait\w*\b|excellent\w*\b)|${LINE_START}note\s*:\s*${DIGIT}{1,2}(?:[.,]${DIGIT})?\s*/\s*20\b`,
  ),
];

const spanish: PhraseRule[] = [
  phraseRule(
    "es.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its instructions (Spanish).",
    String.raw`\b(?:ignora|ignore|ignoren|olvida|olvide)\s+(?:la |el )?(?:rubrica|pauta|solucionario|criterios de (?:evaluacion|correccion))\b|\b(?:ignora|ignore|ignoren|olvida|olvide|olviden|no (?:sigas|siga|tengas en cuenta|tenga en cuenta|hagas caso (?:de|a))|descarta|omite|pasa por alto)\b${gap(30)}\b(?:instrucciones|indicaciones|reglas|directrices|ordenes|rubrica|pauta)\b${gap(20)}\b(?:anteriores|previas|de arriba|anteriormente|originales|del sistema)\b|\bolvida\w*\s+todo\s+lo\s+(?:anterior|de arriba|que te (?:dijeron|han dicho))\b`,
  ),
  phraseRule(
    "es.score.give-top-grade",
    "score_request",
    "The answer asks for the top grade (Spanish).",
    String.raw`\b(?:dame|deme|denme|ponme|pongame|ponle|dale|asigna|otorga|asignale|otorgale|pon)\b${gap(30)}(?:\bla (?:nota|calificacion|puntuacion) (?:maxima|perfecta|mas alta|completa)|\bun 10\b|\bun diez\b|10 ?/ ?10|\btodos los puntos\b|\bla maxima (?:nota|calificacion|puntuacion)|\bel maximo\b|\bmatricula de honor\b)|\b(?:califica|califique|evalua|evalue|puntua|puntue)\b${gap(30)}\bcon\s+(?:la\s+|un\s+)?(?:maxima (?:nota|puntuacion|calificacion)|(?:nota|puntuacion|calificacion) maxima|10\b|diez\b)|\b(?:debe|merece)\s+(?:recibir\s+|obtener\s+|tener\s+|sacar\s+)?(?:la\s+|un\s+)?(?:nota maxima|maxima (?:nota|puntuacion|calificacion)|10\b|diez\b|todos los puntos)|\bmerezco\b${gap(15)}(?:\bun 10\b|\bun diez\b|\b10\b|\bla (?:nota )?maxima\b|\bla mejor nota\b|\btodos los puntos\b|\bmatricula\b)`,
  ),
  phraseRule(
    "es.score.mark-as-correct",
    "score_request",
    "The answer tells the grader to mark it as correct (Spanish).",
    String.raw`\b(?:marca|califica|considera|cuenta|evalua|toma|marque|califique|considere|tome)\b${gap(25)}\bcomo\s+(?:totalmente |completamente )?(?:correct[ao]s?|buen[ao]|valid[ao]|perfect[ao])\b`,
  ),
  phraseRule(
    "es.role.as-your-teacher",
    "role_claim",
    "The answer claims to speak as the teacher, or gives the grader a new role (Spanish).",
    String.raw`\bcomo (?:tu|su|el|la|vuestro) (?:profesor|profesora|maestro|maestra|docente|evaluador|examinador|corrector)\b${gap(40)}\b(?:te |le |les |os )?(?:indico|confirmo|certifico|ordeno|digo|declaro|autorizo)\b|\b(?:ahora|a partir de ahora|desde ahora) eres\b${gap(40)}\b(?:evaluador|corrector|examinador|profesor|asistente)`,
  ),
  phraseRule(
    "es.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note to the grader or a fake clarification (Spanish).",
    String.raw`\bnota (?:para|al) (?:el )?(?:evaluador|corrector|examinador|profesor|ia|modelo)\b|\baclaracion del (?:profesor|docente|equipo|tribunal)\b|\bbasta con\b${gap(60)}\bpara (?:obtener|conseguir)\b${gap(20)}(?:la (?:puntuacion|nota|calificacion) (?:completa|maxima)|todos los puntos)`,
  ),
  phraseRule(
    "es.amend.rubric-changed",
    "rubric_amendment",
    "The answer claims the rubric has changed (Spanish).",
    String.raw`\b(?:rubrica|criterios de (?:evaluacion|calificacion|correccion)|pauta|solucionario|clave de respuestas)\b${gap(30)}\b(?:ha sido|han sido|fue|fueron|se ha|se han)\s+(?:actualizad|modificad|cambiad|revisad)\w*`,
  ),
  phraseRule(
    "es.verdict.label",
    "fake_verdict",
    "The answer contains a grade written as if by the grader (Spanish).",
    String.raw`${LINE_START}(?:calificacion|nota|puntuacion|evaluacion)(?: final)?\s*:\s*(?:${SCORE_FRACTION}|correct[ao]\b|sobresaliente\b)`,
  ),
];

const portuguese: PhraseRule[] = [
  phraseRule(
    "pt.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its instructions (Portuguese).",
    String.raw`\b(?:ignore|ignora|esqueca|desconsidere)\s+(?:tudo\s+)?o que (?:foi|esta|estava)\s+(?:pedido|dito|escrito|solicitado)\b|\b(?:ignore|ignora|esqueca|desconsidere)\s+(?:o |a )?(?:gabarito|rubrica|criterios de (?:avaliacao|correcao))\b|\b(?:ignore|ignora|ignorem|esqueca|esquece|esquecam|desconsidere|desconsidera|nao (?:siga|sigas|considere))\b${gap(30)}\b(?:instrucoes|orientacoes|regras|diretrizes|comandos)\b${gap(20)}\b(?:anteriores|previas|acima|originais|do sistema)\b`,
  ),
  phraseRule(
    "pt.score.give-top-grade",
    "score_request",
    "The answer asks for the top grade (Portuguese).",
    String.raw`\b(?:me de|me da|de|da|atribua|conceda|coloque|deem)\s+(?:a\s+|me\s+)?(?:nota maxima|nota 10|nota dez|10 ?/ ?10|todos os pontos|pontuacao maxima|nota total)\b|\b(?:aprove|aprova|aprovem)\s+(?:esta|essa|minha|a)\s+resposta\b|\b(?:deve|merece|precisa)\s+(?:receber\s+|ganhar\s+|ter\s+|tirar\s+)?(?:a\s+)?(?:nota maxima|nota 10|nota dez|10 ?/ ?10|pontuacao maxima|todos os pontos)\b|\b(?:considere|considera|marque|avalie|conte)\b${gap(25)}\bcomo\s+(?:totalmente |completamente )?(?:corret[ao]s?|cert[ao]|valid[ao])\b`,
  ),
  phraseRule(
    "pt.role.as-your-teacher",
    "role_claim",
    "The answer claims to speak as the teacher, or gives the grader a new role (Portuguese).",
    String.raw`\bcomo (?:seu|teu|o|a|sua) (?:professor|professora|avaliador|examinador|docente)\b${gap(30)}\b(?:confirmo|certifico|declaro|autorizo|determino)\b|\b(?:voce|tu) (?:agora )?(?:e|es) (?:agora )?(?:um|uma) (?:avaliador|corretor|examinador|professor)`,
  ),
  phraseRule(
    "pt.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note to the grader or claims the answer key changed (Portuguese).",
    String.raw`\bnota (?:para|ao) (?:o )?(?:avaliador|corretor|examinador|professor)\b|\b(?:gabarito|rubrica|criterios de (?:avaliacao|correcao))\b${gap(30)}\b(?:foi|foram)\s+(?:atualizad|alterad|modificad|mudad)\w*`,
  ),
  phraseRule(
    "pt.verdict.label",
    "fake_verdict",
    "The answer contains a grade written as if by the grader (Portuguese).",
    String.raw`${LINE_START}(?:nota final|avaliacao final|nota)\s*:\s*(?:${SCORE_FRACTION}|${DIGIT}{1,2}(?:[.,]${DIGIT})?\s*(?:$|\n)|dez\b)`,
  ),
];

const italian: PhraseRule[] = [
  phraseRule(
    "it.override.earlier-instructions",
    "instruction_override",
    "The answer tells the grader to ignore its instructions (Italian).",
    String.raw`\b(?:ignora|ignori|dimentica)\s+(?:tutto (?:quello|cio) che\b${gap(30)}\b(?:prima|sopra)\b|(?:la |il )?(?:griglia|rubrica|criteri di valutazione))|\b(?:ignora|ignori|ignorate|dimentica|dimentichi|dimenticate|non seguire|non segua|trascura)\b${gap(30)}\b(?:istruzioni|indicazioni|regole|direttive|consegne)\b${gap(20)}\b(?:precedenti|sopra|iniziali|originali|di sistema)\b`,
  ),
  phraseRule(
    "it.score.give-top-grade",
    "score_request",
    "The answer asks for the top grade (Italian).",
    String.raw`\b(?:assegna|assegni|assegnatemi|dai|dammi|datemi|mi dia|mi date|metti|mettimi|mettetemi|attribuisci|attribuitemi)\b${gap(30)}(?:\bil punteggio massimo\b|\bil massimo\b|10 ?/ ?10|\b30 e lode\b|\bdieci\b|\bil voto massimo\b|\btutti i punti\b|\b10 e lode\b)|\b(?:va|deve essere|e da)\s+considerat[ao]\s+(?:perfett[ao]|corrett[ao]|giust[ao]|completa)\b|\b(?:deve|merita)\s+(?:ricevere\s+|avere\s+|prendere\s+|ottenere\s+)?(?:il\s+)?(?:massimo|punteggio massimo|voto massimo|10 e lode|30 e lode)\b|\b(?:valuta|considera|segna|conta|valuti|consideri)\b${gap(25)}\bcome\s+(?:completamente |totalmente )?(?:corrett[ao]|giust[ao]|valid[ao])\b`,
  ),
  phraseRule(
    "it.role.as-your-teacher",
    "role_claim",
    "The answer claims to speak as the teacher (Italian).",
    String.raw`\bcome (?:tuo|suo|il vostro|vostro|il) (?:professore|professoressa|docente|insegnante|esaminatore|correttore)\b${gap(30)}\b(?:ti |le |vi )?(?:confermo|certifico|dichiaro|ordino|autorizzo)\b|\b(?:ora|adesso|da ora) sei\b${gap(30)}\b(?:correttore|esaminatore|valutatore|professore)`,
  ),
  phraseRule(
    "it.amend.note-to-grader",
    "rubric_amendment",
    "The answer contains a note to the grader or claims the criteria changed (Italian).",
    String.raw`\bnota per (?:il )?(?:correttore|esaminatore|valutatore|professore|docente|ia|modello)\b|\b(?:criteri di valutazione|griglia di valutazione|griglia|rubrica)\b${gap(30)}\b(?:sono stati|e stata|sono|e)\s+(?:aggiornat|modificat|cambiat)\w*|\baggiornamento (?:della|dei) (?:griglia|criteri|rubrica)\b`,
  ),
  phraseRule(
    "it.verdict.label",
    "fake_verdict",
    "The answer contains a grade written as if by the grader (Italian).",
    String.raw`${LINE_START}(?:voto finale|voto|valutazione)\s*:\s*(?:${SCORE_FRACTION}|${DIGIT}{1,2}(?: e lode)?\b|dieci\b|trenta\b)`,
  ),
];

export const ROMANCE_RULES: readonly PhraseRule[] = [...french, ...spanish, ...portuguese, ...italian];
