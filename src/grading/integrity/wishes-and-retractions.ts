/**
 * Two families that carry no order word and no version label, read by structure:
 *
 *  - reveal wishes: a grading document wished for or asked about indirectly, in the first person ("I'd love
 *    to read the model answer", «Ich wüsste gern, was im Erwartungshorizont steht», «我很想看看标准答案»,
 *    "I wonder which criteria you grade with"). reveal-requests.ts and polite-requests.ts need an
 *    imperative, a modal or a handing-over verb; a wish needs none, yet asks the grader for the same thing.
 *    A wish about anything else ("I'd love to see more experiments") or another person's wish ("she would
 *    love to see the model answers posted") is not one.
 *  - retractions: the student's earlier text voided by pointing at it as text ("everything I wrote above is
 *    void", «lo que escribí antes no cuenta», «上面写的都不算»), or an interjection that takes something back
 *    ("scratch that", «Quatsch», «不对») followed by an order about what to grade ("grade the next sentence
 *    instead"). A self-correction inside a normal answer ("scratch that, the value is 9.8 m/s²") names no
 *    grading act and points at no text, and is not flagged.
 *
 * Linear: each class is scanned once (screen-text.ts), each sentence asks a few binary searches.
 */
import { compileClass, GRADE_ACT, GRADING_DOCUMENT } from "./lexicon.js";
import { VOIDED } from "./draft-overrides.js";
import { MORE_DOCUMENTS, OTHERS, THEIR_WORK } from "./polite-requests.js";
import { findingAt, has, matchIn, matchesIn, withNext, type ScreenText } from "./screen-text.js";
import { type LocatedFinding } from "./screen-types.js";

/** A first-person wish, curiosity, or an indirect question to the reader ("tell me", «verrätst du»). */
const WISH = compileClass({
  en: "i'd_(really_|so_)?(love|like|appreciate)|i_would_(really_|so_)?(love|like|appreciate)|would_love|i_wish|i'm_(really_|so_)?curious|i_am_(really_|so_)?curious|curious_(what|which|how|whether|about)|out_of_curiosity|i_wonder|i'm_wondering|i_was_wondering|(it_would|it'd)_(really_)?help|(it'd|it_would)_be_(super_|really_|very_|so_)?(useful|helpful|great|nice|good)|would_be_(super_|really_|very_|so_)?(useful|helpful|great|nice|good)|i_(want|need)_to_(see|know|read|find_out)|mind_(telling|sharing|showing)|dying_to_(see|know)|(tell|show)_me",
  de: "ich_wusste_(zu_|so_|sehr_)?gerne?|ich_wurde_(zu_|so_|sehr_)?gerne?|ich_hatte_(zu_|so_|sehr_)?gerne?|mich_wurde_(brennend_|sehr_|wirklich_)?interessieren|wurde_mich_(brennend_|sehr_)?interessieren|ich_bin_(sehr_)?neugierig|ware_(schon|nett|hilfreich|toll|super)|sagst_du_mir|verratst_du|verraten_sie|erzahlst_du_mir|zeigst_du_mir|ich_mochte_(gerne?_)?(wissen|sehen|lesen|erfahren)",
  fr: "j'aimerais|je_voudrais|j'adorerais|(ca|cela)_m'aiderait|ca_m'interesse|je_me_demande|je_suis_(tres_)?curieu(x|se)|curieu(x|se)_de|dites-moi|dis-moi|tu_peux_me_dire|pourriez-vous_me_dire|ce_serait_(utile|sympa|bien)",
  es: "me_encantaria|me_gustaria|quisiera|me_cuentas|me_dices|me_podrias_decir|tengo_curiosidad|(seria|resultaria)_(util|genial|estupendo)|me_ayudaria|me_muero_por",
  it: "mi_piacerebbe|vorrei|mi_diresti|mi_dici|sono_curios(o|a)|sarebbe_(utile|bello)|mi_aiuterebbe|mi_interesserebbe",
  pt: "adoraria|gostaria|eu_queria|me_diz|me_conta|tenho_curiosidade|seria_(util|otimo|legal)|me_ajudaria",
  nl: "ik_zou_(heel_)?graag|ik_wil_(heel_)?graag|ik_ben_(erg_)?benieuwd|vertel_me|zou_handig_zijn|ik_vraag_me_af",
  ru: "хотелось_бы|хочу_(узнать|увидеть|посмотреть|прочитать)|хотел(а)?_бы|интересно|любопытно|подскажите|подскажи|расскажите|скажите",
  tr: "merak_ediyorum|merak_ettim|(gormek|ogrenmek|bilmek|okumak)_isterim|(gormek|ogrenmek|bilmek|okumak)_isterdim|soyler_misin(iz)?|gosterir_misin(iz)?",
  pl: "chetnie|chcial(a)?bym|ciekawi_mnie|jestem_ciekaw(y|a)|powiesz_mi|zdradzisz|pokazesz_mi",
  ar: "اود|اتمني|اتمنى|اريد_ان|يسعدني_ان|بودي|اخبرني|هل_تخبرني|فضولي",
  fa: "دوست_دارم|دوست_داشتم|مایلم|کنجکاوم|میخواهم|می_?خواهم|بگو_ببینم|به_من_بگو*",
  zh: "很想|想看看|想知道|好奇|能告诉我|告诉我|告訴我|希望看到|想看一下|想瞧瞧",
  ja: "知りたい|見たい|教えて|気になる|見てみたい|読みたい",
});

/** Someone else's wish ("she would love to …", "the board would like …"): not a request to the grader. */
const SOMEONE_ELSE_BEFORE =
  /(?:^|[^a-z])(?:he|she|they|we|who|board|teacher|examiners?|school|parents?|everyone)\s+$/u;

/** The ideal or expected answer and the grader's own instructions, by words the document classes lack. */
const IDEAL_ANSWER = compileClass({
  en: "(ideal|perfect|expected|sample|target|best_possible)_(answer|response|solution)|what_you('re|_are)_(looking|checking)_for|(your|the)_(grading_|marking_)?instructions|instructions_you|your_system_prompt|the_system_prompt",
  de: "(ideale|perfekte|erwartete)_(antwort|losung)|musterantwort|deine_anweisungen|ihre_anweisungen",
  fr: "reponse_(ideale|parfaite|attendue)|vos_consignes|tes_consignes",
  es: "respuesta_(ideal|perfecta|esperada)|tus_instrucciones|sus_instrucciones",
  it: "risposta_(ideale|perfetta|attesa)|le_tue_istruzioni",
  pt: "resposta_(ideal|perfeita|esperada)|suas_instrucoes",
  nl: "modelantwoord|ideale_antwoord|verwachte_antwoord|je_instructies",
  ru: "идеальн*_ответ*|образцов*_ответ*|правильн*_решени*_из_ключа|твои_инструкции|ваши_инструкции",
  tr: "ideal_cevab*|beklenen_cevab*|ornek_cevab*|talimatlarin*",
  pl: "idealn*_odpowiedz*|wzorcow*_odpowiedz*|klucz*_odpowiedzi|twoje_instrukcje",
  ar: "الاجابه_(المثاليه|المتوقعه)|تعليماتك",
  fa: "پاسخ_?(ایده_?ال|مورد_انتظار)|دستورالعمل*",
  zh: "理想答案|范文|範文|评分说明|你的指令|批改说明",
  ja: "理想的な解答|想定解答|採点の指示",
});

/** Criteria: a grading document when a grading act stands with it ("which criteria you grade with"). */
const CRITERIA = compileClass({
  en: "criteria|criterion",
  de: "kriterien|kriterium",
  fr: "criteres",
  es: "criterios",
  it: "criteri",
  pt: "criterios",
  nl: "criteria",
  ru: "критери*",
  tr: "kriter*|olcut*",
  pl: "kryteri*",
  ar: "معايير|المعايير",
  fa: "معیار*",
  zh: "标准|標準",
  ja: "基準",
});

/** The student's own earlier text, pointed at as text. */
const EARLIER_TEXT = compileClass({
  en: "(all|everything)_(of_)?(that_)?i_(just_)?(wrote|said|put)(_above|_before|_earlier)?|(all|everything)_above|the_above|all_of_the_above|what_i_(just_|have_)?(wrote|written|said|put)(_above|_before|_earlier)?|my_(previous|earlier|first)_(answer|sentence|text|paragraph|attempt|reply)",
  de: "was_ich_(oben_|vorher_|davor_|bisher_|gerade_|eben_)?geschrieben|das_obige|alles_(oben|davor|bisher|obige)|der_text_(oben|davor)|meine_erste_antwort",
  fr: "ce_que_j'ai_(ecrit|dit|mis)|tout_ce_qui_precede|ce_qui_precede|tout_ce_que_j'ai_ecrit|le_texte_(ci-dessus|precedent)",
  es: "lo_que_(he_)?(escribi|escrito|puse|dije)|(todo_)?lo_anterior|todo_lo_de_arriba|lo_de_arriba|mi_(primera|anterior)_respuesta",
  it: "quanto_(scritto_)?sopra|quello_che_ho_scritto|cio_che_ho_scritto|tutto_quello_sopra|la_mia_prima_risposta",
  pt: "o_que_(eu_)?(escrevi|disse|coloquei)|tudo_(acima|o_que_esta_acima)|o_texto_acima|minha_primeira_resposta",
  nl: "wat_ik_(hierboven_|eerder_|net_)?(schreef|heb_geschreven)|het_bovenstaande|alles_hierboven",
  ru: "написанное_(выше|ранее)|что_я_написал*|все_выше|всё_выше|весь_текст_выше|мой_первый_ответ",
  tr: "yukarida_yazdiklarim*|yazdiklarim*|yukaridakiler*|ilk_cevabim*",
  pl: "co_napisal(em|am)|napisane_(wyzej|powyzej)|powyzsze|wszystko_powyzej|moja_pierwsza_odpowiedz",
  ar: "ما_كتبته|ما_كتبت|ما_سبق|كل_ما_سبق|ما_ورد_اعلاه|اجابتي_الاولى",
  fa: "انچه_(بالا_|قبلا_)?نوشتم|آنچه_(بالا_|قبلا_)?نوشتم|مطالب_بالا|موارد_بالا|هرچه_نوشتم",
  zh: "上面写的|上面寫的|前面写的|前面寫的|以上内容|以上內容|我刚才写的|我剛才寫的|上面的答案",
  ja: "上に書いた|さっき書いた|上記の(内容|解答)|前に書いた",
});

/** Voided, in words the version-label detector does not need. */
const MORE_VOIDED = compileClass({
  en: "never_mind|is_void|are_void|null_and_void|not_to_be_considered",
  de: "bitte_nicht_(werten|bewerten|beachten)|nicht_beachten",
  fr: "ne_comptez_pas|laissez_tomber",
  es: "no_lo_tengan_en_cuenta|no_valen",
  it: "lasciate_perdere|lascia_perdere|non_contate",
  pt: "nao_considere(m)?|deixe_pra_la",
  nl: "niet_meetellen|laat_maar",
  ru: "не_смотрите|не_оценивайте",
  tr: "saymayin(iz)?|saymayin|dikkate_almayin(iz)?|gozardi_edin",
  pl: "nie_oceniajcie|prosze_pominac",
  ar: "لا_تحتسبوه|لا_يعتد_به",
  fa: "حساب_نکنید|نادیده_بگیرید",
  zh: "都不算|不用管|别管",
  ja: "なかったことに",
});

/** Taking back what was just written. */
const RETRACT = compileClass({
  en: "scratch_that|never_mind|oops|no_wait|wait,?_no|wait,?_wrong|what_i_(really_)?meant|i_meant|let_me_rephrase|correction_to_myself|my_bad",
  de: "quatsch|moment,?_falsch|nein,?_falsch|ich_meinte|was_ich_meinte|vergiss_das|korrigiere_mich",
  fr: "je_me_suis_trompe(e)?|ce_que_je_voulais_dire|je_voulais_dire|oups|non_attendez",
  es: "me_equivoque|quise_decir|lo_que_queria_decir|uy|perdon,?_error",
  it: "mi_sono_sbagliat(o|a)|volevo_dire|intendevo|ops",
  pt: "me_enganei|quis_dizer|o_que_eu_quis_dizer|ops",
  nl: "ik_bedoelde|wat_ik_bedoel|ik_vergiste_me|oeps",
  ru: "ой|я_ошибся|я_ошиблась|я_имел_в_виду|я_имела_в_виду|точнее|upd",
  tr: "pardon|yanlis_yazdim|demek_istedigim|aslinda",
  pl: "pomylil(em|am)|chodzilo_mi_o|oj",
  ar: "عفوا|اقصد|قصدت|اخطات",
  fa: "ببخشید|منظورم|اشتباه_نوشتم",
  zh: "不对|说错了|說錯了|写错了|寫錯了|我的意思是|更正一下",
  ja: "間違えた|じゃなくて|訂正します|いや",
});

/** An order about what to grade: this, the following, instead, only. */
const GRADE_ORDER = compileClass({
  en: "(grade|mark|assess|evaluate|score|count|consider|read)_(this|that|the_following|the_next|what_follows|only|instead|it_instead|mine|the_rest)|(should|to|must)_be_(graded|marked|assessed|evaluated|counted)|please_(grade|mark|assess|evaluate|score)",
  de: "bewerte(n)?(_sie)?_(bitte_)?(das|dies|stattdessen|nur|folgendes|den)|bitte_(bewerten|werten|korrigieren|benoten)|werten_sie|zahlt_(nur|stattdessen)",
  fr: "notez|corrigez|evaluez|prenez_en_compte|(noter|corriger|evaluer)_(ceci|cela|plutot)|plutot_ceci",
  es: "califi(ca|quen|cad|que)|corri(ge|jan|gan)|evalu(a|en|ad|e)|tengan_en_cuenta|tomen_en_cuenta|lo_que_sigue",
  it: "valutate|valuta|correggete|correggi|considerate|quanto_segue",
  pt: "avali(e|em)|corrij(a|am)|consider(e|em)_(isto|isso|apenas|so)",
  nl: "beoordeel|kijk_(dit|alleen)|reken_(dit|alleen)",
  ru: "оцените|оценивайте|засчитайте|проверьте",
  tr: "degerlendirin(iz)?|notlayin|puanlayin",
  pl: "ocencie|ocen_(to|tylko)|sprawdzcie|oceniajcie",
  ar: "صححوا|قيموا|احتسبوا|اعتمدوا",
  fa: "تصحیح_کنید|ارزیابی_کنید|در_نظر_بگیرید",
  zh: "请批改|批改这|批改下面|以这|按这|请评分|给这句打分",
  ja: "採点して|評価して|こちらを採点",
});

function revealWish(text: ScreenText): LocatedFinding | null {
  const whole: [number, number] = [0, text.lower.length];
  if (!has(text, whole, WISH)) return null;
  const documents =
    has(text, whole, GRADING_DOCUMENT) ||
    has(text, whole, MORE_DOCUMENTS) ||
    has(text, whole, IDEAL_ANSWER) ||
    has(text, whole, CRITERIA);
  const others = has(text, whole, OTHERS);
  if (!documents && !others) return null;
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const wishes = matchesIn(text, sentence, WISH, 4).filter(
      ({ start }) => !SOMEONE_ELSE_BEFORE.test(text.lower.slice(Math.max(0, start - 16), start)),
    );
    if (wishes.length === 0) continue;
    const window = withNext(text, index);
    const target =
      matchIn(text, window, GRADING_DOCUMENT) ??
      matchIn(text, window, MORE_DOCUMENTS) ??
      matchIn(text, window, IDEAL_ANSWER) ??
      (has(text, window, GRADE_ACT) ? matchIn(text, window, CRITERIA) : null) ??
      (has(text, window, THEIR_WORK) ? matchIn(text, window, OTHERS) : null);
    if (target) {
      return findingAt(
        text,
        "prompt_extraction",
        "The answer wishes aloud to see a grading document, which asks the grader to reveal it.",
        Math.min(wishes[0]!.start, target.start),
      );
    }
  }
  return null;
}

function retraction(text: ScreenText): LocatedFinding | null {
  const whole: [number, number] = [0, text.lower.length];
  const pointed = has(text, whole, EARLIER_TEXT);
  const retracted = has(text, whole, RETRACT);
  if (!pointed && !retracted) return null;
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const earlier = pointed ? matchIn(text, sentence, EARLIER_TEXT) : null;
    if (earlier && (has(text, sentence, VOIDED) || has(text, sentence, MORE_VOIDED))) {
      return findingAt(
        text,
        "grading_meta_talk",
        "The answer declares its own earlier text void, which tells the grader what to drop.",
        earlier.start,
      );
    }
    const takenBack = retracted ? matchIn(text, sentence, RETRACT) : null;
    if (takenBack && has(text, [takenBack.start, withNext(text, index)[1]], GRADE_ORDER)) {
      return findingAt(
        text,
        "grading_meta_talk",
        "The answer takes back what it wrote and tells the grader what to grade instead.",
        takenBack.start,
      );
    }
  }
  return null;
}

/**
 * A reveal wish and a retraction, at most one finding each. Failure modes: a wish for a document named by
 * a word no class has ("the sheet you mark from") is missed; a student who writes "I'd love to see the
 * model answer after the exam" is flagged, and that still asks the grader for it.
 */
export function findWishesAndRetractions(text: ScreenText): LocatedFinding[] {
  const found: LocatedFinding[] = [];
  const wish = revealWish(text);
  if (wish) found.push(wish);
  const retracted = retraction(text);
  if (retracted) found.push(retracted);
  return found;
}
