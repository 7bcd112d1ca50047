/**
 * Requests that make the grader write far more than a grade needs — thousands of words of feedback, a
 * word repeated hundreds of times, "never stop writing" — which cost money per token, slow every other
 * grade, and can push the real verdict out of the reply.
 *
 * Structure: a quantity far beyond a feedback's length (a number, a number word or a range, and a unit,
 * in any screened language), an exhaustive quantifier ("every possible", "all permutations", "each letter
 * one by one", "in all languages") or a demand for maximal length ("as long as you possibly can", "don't
 * summarise", feedback on the feedback), aimed at the grader's output ("your feedback", "in the
 * comment", "before grading", "repeat the word …"), in one sentence. "Repeat the measurement 10 times" is
 * a method, not a request for output: its object is not something the grader writes.
 */
import { compileClass, type CompiledClass, foldedPattern } from "./lexicon.js";
import { findingAt, has, matchesIn, rangeText, withNext, type ScreenText } from "./screen-text.js";
import { type TextRange } from "./phrase-screen.js";
import { type LocatedFinding } from "./screen-types.js";

/** What the grader writes. */
const GRADER_OUTPUT = compileClass({
  en: "your_(feedback|explanation|response|reply|comments?|evaluation|rationale|output|justification|review|reasoning)|(in|inside|within|into)_(your|the)_(feedback|explanation|response|reply|output|comments?)|the_(feedback|explanation|response|reply|comments?)_you_(give|write|provide|produce)|(give|write|send|provide|list|tell)_(me|us)|(before|while|when|after)_(grading|marking|scoring|you_(grade|mark|score|decide))|(when|while|as)_you_(give|write|provide)_(your_|the_|any_)?(feedback|comments?)|(respond|reply)_with",
  de: "(dein|deine|deinem|deiner|ihr|ihre|ihrem|ihrer)_(begrundung|erklarung|kommentar|bewertung|antwort)|feedback|ruckmeldung",
  fr: "(ton|ta|votre|tes|vos)_(explication|reponse|justification|appreciation)|commentaires?|retour|feedback|(la|ta|votre)_correction",
  es: "(tu|su|tus|sus)_(explicacion|respuesta|justificacion|devolucion)|retroalimentacion|comentarios?|feedback",
  pt: "(seu|sua|seus|suas)_(explicacao|resposta|justificativa)|feedback|comentarios?|devolutiva",
  it: "(il_tuo|la_tua|i_tuoi)_(spiegazione|risposta|giudizio)|feedback|commento|commenti",
  ru: "(отзыв|комментари|объяснени|обосновани|фидбек)*",
  tr: "(geri_bildirim|aciklama|yorum)*",
  id: "umpan_balik*|penjelasan*|komentar*|tanggapan*",
  ar: "(التعليق|الملاحظات|ملاحظاتك|الشرح|الرد|ردك|تعليقا|تعليقك)",
  fa: "(بازخورد|توضیح|توضیحات)*",
  zh: "评语|評語|反馈|反饋|解释|解釋|回复|回覆|点评|點評",
  hi: "प्रतिक्रिया|फीडबैक|व्याख्या",
  nl: "feedback|toelichting|commentaar|(je|jouw|uw)_(uitleg|antwoord|beoordeling)",
  pl: "feedback|informacj*_zwrotn*|komentarz*|uzasadnieni*|(twoj*|swoj*)_(odpowiedz*|ocen*)",
  ja: "フィードバック|講評|コメント|解説|評価文",
  ko: "피드백|코멘트|논평|설명",
  ur: "فیڈبیک|تبصرہ|تبصرے|رائے|وضاحت",
  vi: "nhan_xet|phan_hoi|loi_phe|loi_nhan_xet",
  el: "σχολι*|ανατροφοδοτηση|αξιολογηση",
  cs: "zpetn*_vazb*|komentar*|hodnoceni",
  sv: "aterkoppling*|kommentar*|feedback*",
  bn: "মতামত*|প্রতিক্রিয়া*",
  yo: "alaye|esi",
});

/** Demands for maximal length. */
const MAXIMAL_LENGTH = compileClass({
  en: "as_(long|detailed|thorough|much)_as_(you_(possibly_)?can|possible|possibly)|(never|don't|dont|do_not)_(stop|end)_(reasoning|thinking|early)|(don't|dont|do_not)_(summari[sz]e|abbreviate|shorten|truncate|skip_anything|leave_anything_out)|completeness_(is_)?more_important_than_(length|brevity)|(length|brevity)_(doesn't|does_not)_matter|no_(length|word)_limit|(feedback|comments?)_on_(that|this|the|your|each)_(feedback|comments?)|and_so_on,?_to_a_depth|in_as_much_detail_as_(you_can|possible)|(the_)?longest_(feedback|response|explanation|reply|answer|text)_(you_can|possible)|until_you_(run_out|reach|hit)|(max|maximum)_tokens|all_(your|the)_tokens|as_long_as_possible|extremely_(long|detailed|lengthy)|(in_)?(exhaustive|excruciating|maximum)_detail|as_detailed_as_possible|maximum_length|longest_possible|at_great_length|(never|don't|do_not)_stop_(writing|generating|repeating|responding)|without_stopping|keep_(writing|going|generating|repeating)_(forever|indefinitely|endlessly|until)|(repeat|continue|write)_(it_|this_)?(forever|indefinitely|endlessly|infinitely)|(don't|dont|do_not|never)_stop_until|only_(finish|stop|end)_(when|once)|(until|till)_(there_is_)?nothing_(more|else|at_all)_(is_left|remains|could|can)|(add|write)_(another|one_more)_\\p{L}+_and_repeat",
  de: "so_lang_wie_moglich|extrem_lang*|hor_nicht_auf|endlos|unendlich|hor(en_sie)?_erst_auf,?_wenn|bis_nichts_mehr",
  fr: "aussi_long_que_possible|le_plus_long_possible|ne_t'arrete_jamais|sans_t'arreter|sans_fin|a_l'infini|ne_(t'arrete|vous_arretez)_(pas_)?qu(e_)?'?(lorsque|quand)|jusqu'a_ce_qu'il_n'y_ait_plus_rien",
  es: "lo_mas_larg[ao]_posible|extremadamente_larg[ao]|no_te_detengas|sin_parar|infinitamente|no_(pares|pare|termines)_hasta|hasta_que_no_(quede|haya)_nada",
  pt: "o_mais_long[ao]_possivel|extremamente_long[ao]|nao_pare|sem_parar|infinitamente",
  it: "il_piu_lung[ao]_possibile|lunghissim[ao]|non_fermarti|senza_fermarti|all'infinito",
  ru: "как_можно_длинн*|очень_длинн*|не_останавливайся|без_остановки|бесконечно",
  tr: "olabildigince_uzun|cok_uzun|durma|durmadan|sonsuza",
  id: "sepanjang_mungkin|sangat_panjang|jangan_berhenti|tanpa_henti",
  ar: "اطول_ما_يمكن|طويل_جدا|لا_تتوقف|بلا_توقف",
  fa: "تا_جای_ممکن_طولانی|خیلی_طولانی|متوقف_نشو|بی_?وقفه",
  zh: "越长越好|越長越好|尽可能长|盡可能長|不要停|不停|无限|無限",
  hi: "जितना_हो_सके_लंबा|बहुत_लंबा|मत_रुको|रुके_बिना",
  nl: "zo_lang_mogelijk|extreem_lang|stop_niet|zonder_te_stoppen|eindeloos",
  pl: "jak_najdluzsz*|bardzo_dlug*|nie_przestawaj|bez_konca",
  ja: "できるだけ長く|なるべく長く|止まらずに|延々と|無限に",
  ko: "최대한_길게|가능한_길게|멈추지_말고|끝없이",
  ur: "جتنا_ہو_سکے_لمبا|بہت_لمبا|مت_رکو|بغیر_رکے",
});

/** Exhaustive quantifiers: an output that enumerates everything has no natural end. */
const EXHAUSTIVE = compileClass({
  en: "every_possible|all_(the_)?possible|all_(the_)?(permutations|combinations|anagrams)|every_(permutation|combination|anagram)|each_(word|letter|character|line|sentence)_(of|in)_(my|the|this)_(answer|text|response)|(each|every)_(word|letter|character)_(separately|individually|one_by_one)|one_by_one|every_(single_)?(integer|number|word|letter|character|year|digit)|(in|into)_(all|every)_(the_)?(languages?|dialects)|all_(the_)?languages_you_know|every_language|every_alternative",
  de: "jede(s|n|r)?_mogliche*|alle_moglichen|alle_(permutationen|kombinationen)|jedes_(einzelne_)?wort|jeden_(einzelnen_)?(buchstaben|satz)|jede_(einzelne_)?zeile|in_allen_sprachen|einzeln",
  fr: "tou(te)?s_les_(possibles|permutations|combinaisons)|tous_les_\\p{L}+_possibles|chaque_(mot|lettre|phrase|ligne)|une?_par_une?|dans_toutes_les_langues|toutes_les_langues",
  es: "tod[ao]s_l[ao]s_(posibles|permutaciones|combinaciones)|cada_(palabra|letra|linea)|un[ao]_por_un[ao]|en_todos_los_idiomas|en_todas_las_lenguas",
  pt: "tod[ao]s_[ao]s_(possiveis|permutacoes|combinacoes)|cada_(palavra|letra|linha)|um[a]?_por_um[a]?|em_todas_as_linguas|em_todos_os_idiomas",
  it: "tutt[ei]_l[ei]_possibili|tutte_le_(permutazioni|combinazioni)|ogni_(parola|lettera|riga)|un[ao]_per_un[ao]|in_tutte_le_lingue",
  ru: "все_возможные|все_перестановки|кажд*_слово|кажд*_букв*|по_одно*|на_всех_языках",
  tr: "tum_olasi|butun_olasi|her_kelime*|her_harf*|tek_tek|tum_dillerde|butun_dillerde",
  id: "semua_kemungkinan|setiap_kata|setiap_huruf|satu_per_satu|dalam_semua_bahasa",
  ar: "كل_الاحتمالات|جميع_الاحتمالات|كل_كلمه|كل_حرف|واحدا_واحدا|بكل_اللغات|بجميع_اللغات",
  fa: "همه_حالت*|تمام_حالت*|هر_کلمه|هر_حرف|یکی_یکی|به_همه_زبان*",
  zh: "每一个词|每一個詞|每个词|每個詞|每一个字|每一個字|每个字|每個字|所有可能|所有的排列|所有排列|逐字|逐词|逐詞|所有语言|所有語言|各种语言|各種語言",
  hi: "हर_शब्द|हर_पंक्ति|हर_अक्षर|सभी_संभव|सभी_भाषाओं",
  nl: "alle_mogelijke|alle_permutaties|elk_woord|elke_letter|een_voor_een|in_alle_talen",
  pl: "wszystkie_mozliwe|wszystkie_permutacje|kazde_slowo|kazd*_liter*|po_kolei|we_wszystkich_jezykach",
  ja: "すべての可能|全ての可能|あらゆる|一語一語|一文字ずつ|すべての言語|全ての言語",
  ko: "모든_가능한|모든_순열|모든_언어|한_글자씩|단어마다",
  ur: "ہر_لفظ|ہر_سطر|تمام_ممکن|تمام_زبانوں",
});

/** Orders to write or repeat, in forms that are orders wherever they stand. */
const WRITE_ORDER = compileClass({
  en: "write|rewrite|repeat|list|enumerate|generate|produce|output|print|give|provide|include|make|explain|elaborate|expand|continue|translate|go_through|show|analy[sz]e|think|consider|respond|reply|restate|rephrase|reword|convert|encode",
  de: "schreib(e)?|schreiben_sie|wiederhol(e)?|wiederholen_sie|gib|geben_sie|liste|erklar(e)?|erklaren_sie|erlautern_sie",
  fr: "ecris|ecrivez|repete[zs]?|liste[zs]?|donne[zs]?|explique[zs]?|redige[zs]?",
  es: "escribe|escriba|repite|repita|enumera|lista|da(me)?|explica|redacta",
  pt: "escreva|repita|liste|de-me|explique|redija",
  it: "scrivi|ripeti|elenca|dammi|spiega|redigi",
  ru: "напиши(те)?|повтори(те)?|перечисли(те)?|дай(те)?|объясни(те)?",
  tr: "yaz|yazin|tekrarla*|listele*|ver|acikla*|cevir*",
  id: "tulis(kan)?|ulangi|sebutkan|berikan|jelaskan",
  ar: "اكتب|تكتب|كرر|تكرر*|اذكر|اعط*|اشرح",
  fa: "بنویس*|تکرار_?کن*|بده|توضیح_?بده",
  zh: "写|寫|重复|重複|列出|给出|給出|解释|解釋",
  hi: "लिखो|लिखिए|लिखें|लिखे|दोहराओ|दोहराइए|दोहराएँ|दोहराएं|बताओ|समझाएँ|समझाएं|समझाओ",
  nl: "schrijf|herhaal|geef|noem|leg_uit|vertaal",
  pl: "napisz|powtorz|wymien|podaj|wyjasnij|przetlumacz|prosze_o",
  el: "γραψτε|γραψε|δωστε|δωσε|θα_ηθελα|παρακαλω",
  cs: "napiste|napis|vypiste|vypis|uvedte|prosim_o|prosim",
  vi: "viet|liet_ke|xin|hay_viet|hay_liet_ke",
  sv: "skriv|ge|lista|simulera",
  bn: "লিখে_দিন|লিখুন|অনুবাদ_করে_দিন|অনুবাদ_করুন",
  ja: "書いて|書け|書きなさい|繰り返して|くり返して|列挙して|説明して|出力して|翻訳して",
  ko: "써|쓰세요|작성|반복|나열|설명해|번역해",
  ur: "لکھیں|لکھو|دہرائیں|دہراؤ|بتائیں|سمجھائیں",
});

/** Orders to repeat. */
const REPEAT_ORDER = compileClass({
  en: "repeat",
  de: "wiederhol(e)?|wiederholen_sie",
  fr: "repete[zs]?",
  es: "repite|repita",
  pt: "repita",
  it: "ripeti",
  ru: "повтори(те)?",
  tr: "tekrarla*",
  id: "ulangi",
  ar: "كرر|تكرر*|يكرر*",
  fa: "تکرار_?کن*",
  zh: "重复|重複",
  hi: "दोहराओ|दोहराइए|दोहराएँ|दोहराएं",
  nl: "herhaal",
  pl: "powtorz",
  ja: "繰り返|くり返",
  ko: "반복",
  ur: "دہرائیں|دہراؤ",
});

/** What a repetition order repeats when it is output, not a method ("the word 'excellent'"). */
const REPEATED_OUTPUT = compileClass({
  en: "word|phrase|sentence|letter|line|text|feedback|comments?|quote|emoji|['\"«]",
  de: "wort|satz|zeile|feedback|kommentar",
  fr: "mot|phrase|ligne|commentaire",
  es: "palabra|frase|linea|comentario",
  pt: "palavra|frase|linha|comentario",
  it: "parola|frase|riga|commento",
  ru: "слово|фразу|строку|отзыв|комментарий",
  tr: "kelime*|cumle*|yorum*",
  id: "kata|kalimat|baris",
  ar: "كلمه|عباره|جمله",
  fa: "کلمه|جمله|عبارت",
  zh: "词|詞|字|句|评语|評語",
  hi: "शब्द|वाक्य",
});

const AT_LEAST = compileClass({
  en: "at_least|minimum|no_(less|fewer)_than|not_(less|fewer)_than|must_be|should_be|needs?_to_be|has_to_be",
  de: "mindestens|muss|soll",
  fr: "au_moins|minimum|doit",
  es: "al_menos|como_minimo|debe",
  pt: "pelo_menos|no_minimo|deve",
  it: "almeno|deve",
  ru: "не_менее|минимум|хотя_бы|должен|должна",
  tr: "en_az|olmali*",
  id: "minimal|setidaknya|sedikitnya|harus",
  ar: "على_الاقل|لا_يقل_عن|يجب",
  fa: "حداقل|دست_?کم|باید",
  zh: "至少|不少于|不少於|必须|必須",
  hi: "कम_से_कम|चाहिए",
  nl: "minstens|ten_minste|minimaal",
  pl: "co_najmniej|przynajmniej|minimum",
  ja: "以上|少なくとも",
  ko: "이상|최소",
  ur: "کم_از_کم",
  el: "τουλαχιστον",
  cs: "alespon|aspon|nejmene",
  vi: "it_nhat|toi_thieu",
  sv: "minst",
});

/**
 * A factor that multiplies the output: something done for every item of a list ("for each word of my
 * answer", «pro Wort», «cada frase por separado», «ligne par ligne», «每种语言»), or once more for each of
 * its parts ("each in full", "each with a full explanation").
 */
const PER_ITEM = compileClass({
  en: "(for|after|to|on)_(each|every)(_single)?_(word|sentence|line|paragraph|concept|term|point|step|iteration|pair|node|item|misconception|mistake|error|example|criterion|language|claim|fact)|every_single|each_(in_full|at_least|with_(a|an|its_own)|separately)|per_(word|sentence|line|paragraph|concept|point|item|step)|(word|line|sentence|paragraph)_by_(word|line|sentence|paragraph)|(that|which)_(has|have)_ever_been|(all|every)_(ordered_)?pairs",
  de: "(zu|fur|nach|bei)_(jedem|jeder|jedes|jeden)(_einzelnen)?_(wort|satz|zeile|absatz|begriff|punkt|schritt|fehler|beispiel|sprache)|jede[nmrs]?_einzelne[nmrs]?_(wort|satz|zeile|begriff|fehler)|pro_(wort|satz|zeile|absatz|begriff|punkt|sprache)|(wort|satz|zeile)_fur_(wort|satz|zeile)|jeweils_(vollstandig|mindestens|ausfuhrlich)",
  fr: "chaque_(mot|phrase|ligne|paragraphe|concept|notion|point|etape|erreur|exemple|langue)|par_(mot|phrase|ligne|concept|langue)|(mot|ligne|phrase)_par_(mot|ligne|phrase)|chacun(e)?_en_entier",
  es: "cada_(palabra|frase|oracion|linea|parrafo|concepto|punto|paso|error|ejemplo|idioma)|por_(palabra|frase|linea|concepto|idioma)|(palabra|linea|frase)_por_(palabra|linea|frase)|por_separado|cada_uno_(completo|entero)",
  pt: "cada_(palavra|frase|linha|paragrafo|conceito|ponto|passo|erro|exemplo|idioma|lingua)|por_(palavra|frase|linha|conceito|idioma)|(palavra|linha|frase)_por_(palavra|linha|frase)|separadamente",
  it: "ogni_(parola|frase|riga|paragrafo|concetto|punto|passo|errore|esempio|lingua)|per_(parola|frase|riga|lingua)|(parola|riga|frase)_per_(parola|riga|frase)|separatamente",
  ru: "кажд*_(слов|предложени|строк|абзац|язык)*|по_каждому*",
  tr: "her_(bir_)?(kelime|cumle|satir|paragraf|kavram|dil)*",
  id: "setiap_(kata|kalimat|baris|paragraf|konsep|bahasa)",
  ar: "لكل_(كلمه|جمله|سطر|فقره|مفهوم|لغه)|كل_(كلمه|جمله|سطر)_على_حده",
  fa: "هر_(کلمه|جمله|خط|سطر|پاراگراف|مفهوم|زبان)",
  zh: "每(一)?(个|個|种|種|句|行|段|词|詞|字|步)|逐(句|行|段|字|词|詞)|各写|各寫|分别|分別",
  nl: "elke?_(woord|zin|regel|alinea|begrip|taal)|per_(woord|zin|regel)",
  pl: "kazd*_(slow|zdani|lini|akapit|jezyk)*",
  ja: "一文ずつ|一行ずつ|一語ずつ|それぞれ",
  ko: "문장마다|줄마다|각각",
});

/** Names of languages: a list of them makes the whole feedback once per language. */
const LANGUAGE_NAME = compileClass({
  en: "english|spanish|french|german|italian|portuguese|polish|ukrainian|russian|arabic|hindi|bengali|mandarin|chinese|japanese|korean|turkish|dutch|persian|farsi|urdu|greek|swedish|latin|vietnamese|swahili|indonesian",
  de: "englisch|spanisch|franzosisch|deutsch|italienisch|portugiesisch|polnisch|russisch|arabisch|chinesisch|japanisch|turkisch|niederlandisch",
  fr: "anglais|espagnol|francais|allemand|italien|portugais|polonais|russe|arabe|chinois|japonais|turc|neerlandais",
  es: "ingles|espanol|castellano|frances|aleman|italiano|portugues|polaco|ruso|arabe|chino|japones|turco",
  pt: "ingles|espanhol|frances|alemao|italiano|portugues|russo|arabe|chines|japones",
  it: "inglese|spagnolo|francese|tedesco|italiano|portoghese|russo|arabo|cinese|giapponese",
  ru: "английск*|французск*|немецк*|испанск*|китайск*|русск*|арабск*",
  fa: "انگلیسی|فرانسوی|آلمانی|اسپانیایی|عربی|فارسی|چینی|روسی|ترکی",
  ar: "الانجليزيه|الفرنسيه|الالمانيه|الاسبانيه|العربيه|الصينيه|الروسيه",
  zh: "中文|英文|日文|韩文|韓文|法文|德文|西班牙文|俄文|阿拉伯文|英语|英語|法语|法語|德语|德語|日语|日語|西班牙语|西班牙語|俄语|俄語|汉语|漢語",
  ja: "英語|中国語|韓国語|フランス語|ドイツ語|スペイン語|日本語",
});

/** "…, then as a poem, then as a dialogue, then …": a chain of further rewrites. */
const THEN = foldedPattern(
  String.raw`(?<![\p{L}])(?:then|puis|dann|danach|luego|despues|depois|poi|затем|потом|sonra|lalu|kemudian|ثم|سپس|然后|然後|再)(?![\p{L}])`,
  "gu",
);

/** "10 examples", "20 different ways": a count of something, a factor when it multiplies another. */
const SOME_COUNT = /(?<![\p{L}\p{N}])(?:[5-9]|[1-9][0-9]{1,5})\s+(?:\p{L}+\s+)?\p{L}{3,}/u;

/** How many distinct items of a class a range holds, up to `most`. */
function distinctIn(text: ScreenText, range: TextRange, wordClass: CompiledClass, most: number): number {
  const seen = new Set<string>();
  for (const { start, end } of matchesIn(text, range, wordClass, most * 3)) {
    seen.add(text.lower.slice(start, end));
    if (seen.size >= most) break;
  }
  return seen.size;
}

/**
 * Factors that multiply the grader's output in a request: for every item, per language, one rewrite after
 * another, a count of something. One alone is ordinary ("explain each step"); together they multiply.
 */
function multipliers(text: ScreenText, range: TextRange): { factors: number; languages: number } {
  const languages = distinctIn(text, range, LANGUAGE_NAME, 6);
  let factors = Math.min(2, distinctIn(text, range, PER_ITEM, 2));
  if (languages >= 3) factors++;
  let chain = 0;
  for (const _ of rangeText(text, range).matchAll(THEN)) if (++chain >= 3) break;
  if (chain >= 3) factors++;
  // "At least 300 words" multiplies; "should be removed" (the class's weaker forms) does not.
  if (factors > 0 && atLeastACount(text, range)) factors++;
  if (factors > 0 && SOME_COUNT.test(rangeText(text, range))) factors++;
  return { factors, languages };
}

/**
 * "At least" (or "no fewer than") with a count or "a" right after it ("at least 20", "at least a page"),
 * or right before it where the language puts it after the count («500자 이상», «千字以上»).
 */
function atLeastACount(text: ScreenText, range: TextRange): boolean {
  for (const { start, end } of matchesIn(text, range, AT_LEAST, 4)) {
    const after = text.lower.slice(end, Math.min(range[1], end + 24));
    if (/^\s*(?:an?|one)\s/u.test(after)) return true;
    const count = FIRST_COUNT.exec(after);
    if (count && after.slice(0, count.index).trim().length <= 8) return true;
    if (FIRST_COUNT.test(text.lower.slice(Math.max(range[0], start - 12), start))) return true;
  }
  return false;
}

interface Unit {
  words: RegExp;
  /** Far beyond any feedback a grade needs. */
  threshold: number;
}

const TIMES: Unit = {
  words: foldedPattern(
    "^(times|mal|fois|veces|vezes|volte|раз|kez|kere|defa|kali|مره|مرات|بار|遍|次|回|번|बार|keer|razy|مرتبہ)",
  ),
  threshold: 10,
};

/** Any count this large, asked for with "at least" ("at least 300 of them"), is more than a grade needs. */
const ANY_UNIT_THRESHOLD = 100;

const UNITS: readonly Unit[] = [
  {
    words: foldedPattern(
      "^(words?|λεξ\\p{L}*|slov\\p{L}*|ord|worter\\p{L}*|mots?|palabras?|palavras?|parole|слов\\p{L}*|kelime\\p{L}*|kata|كلمه|كلمات|کلمه|واژه|字|词|詞|語|文字|단어|글자|शब्द\\p{L}*|woorden|slow\\p{L}*|الفاظ|characters|tokens|zeichen|caracteres|caratteri|символ\\p{L}*|karakter|tekens|znak\\p{L}*|digits|decimal\\s+places|ziffern|stellen|chiffres|decimales|digitos|cifre|цифр\\p{L}*|basamak\\p{L}*|rakam|ارقام|رقم|位)",
    ),
    threshold: 300,
  },
  {
    words: foldedPattern(
      "^(pages?|seiten|paginas|pagine|страниц\\p{L}*|sayfa\\p{L}*|halaman|صفح\\p{L}*|صفحه|页|頁|ページ|페이지|पेज|पृष्ठ|paginas|stron\\p{L}*)",
    ),
    threshold: 3,
  },
  {
    words: foldedPattern(
      "^(verses?|versos|vers|versi|stanzas?|strophen|estrofas|строф\\p{L}*|paragraphs?|absatze|paragraphes|parrafos|paragrafos|paragrafi|абзац\\p{L}*|paragraf|فقر\\p{L}*|پاراگراف|段|段落|문단|पैराग्राफ|sentences|lines|satze|zeilen|phrases|lignes|oraciones|frases|lineas|linhas|frasi|righe|предложени\\p{L}*|строк\\p{L}*|cumle\\p{L}*|satir\\p{L}*|kalimat|baris|جمل\\p{L}*|سطر|اسطر|جمله|خط|句|行|文|문장|वाक्य|पंक्ति\\p{L}*|zinnen|regels|zdan\\p{L}*|linij\\p{L}*)",
    ),
    threshold: 10,
  },
  TIMES,
  {
    words: foldedPattern(
      "^(examples|items|reasons|points|bod\\p{L}*|punkt\\p{L}*|نکته\\p{L}*|نقطه|نقاط|pairs|combinations|cases|paires|pares|paare|coppie|suggestions|tips|ideas|questions|bullet\\s+points|misconceptions|mistakes|beispiele|exemples|ejemplos|exemplos|esempi|пример\\p{L}*|ornek\\p{L}*|contoh|امثل\\p{L}*|مثال|个例子|個例子|例子|例|उदाहरण|voorbeelden|przyklad\\p{L}*)",
    ),
    threshold: 20,
  },
  {
    // Translations, restylings and recursion multiply the whole feedback.
    words: foldedPattern(
      "^(languages?|sprachen|langues|idiomas|linguas|lingue|язык\\p{L}*|dil\\p{L}*|bahasa|لغات|لغه|زبان\\p{L}*|种语言|種語言|语言|語言|言語|か国語|개\\s*언어|언어|भाषा\\p{L}*|talen|jezyk\\p{L}*|styles?|stile|stilen|estilos|stili|стил\\p{L}*|gaya|اسلوب\\p{L}*|سبک|种风格|種風格|风格|風格|スタイル|스타일|शैल\\p{L}*|versions?|fassungen|versiones|versoes|versioni|верси\\p{L}*|versi|variants?|varianten|variantes|varianti|translations?|ubersetzungen|traductions|traducciones|traducoes|traduzioni|phrasings|rephrasings|paraphrases|rewrites|rewordings|alternatives|variations|formulations|ways|manieres|maneras|formas|modi|arten|weisen|方式|种方法|種方法|umformulierungen|reformulations|reformulaciones|reformulacoes|riformulazioni|levels?|ebenen|niveaux|niveles|niveis|livelli|уровн\\p{L}*|seviye\\p{L}*|tingkat|سطح|层|層|段階|단계)",
    ),
    threshold: 5,
  },
];

/** Number words, with their values; a count is also digits in any script (parsed below). */
const NUMBER_WORDS: readonly (readonly [string, number])[] = [
  [
    "(a_|one_)?(thousands?)|tausend|mille|mil|mila|тысяч*|bin|ribu|الف|آلاف|هزار|ہزار|हज़ार|हजार|duizend|tysi*",
    1000,
  ],
  ["(a_|one_)?(hundreds?)|hundert|cent|cien(tos)?|cento|сот*|сто|yuz|ratus|مئه|مائه|صد|सौ|honderd|sto", 100],
  ["millions?|millones|milhoes|milioni|миллион*|milyon|juta|مليون|میلیون|लाख|miljoen|milion*", 10000],
  [
    "fifty|funfzig|cinquante|cincuenta|cinquenta|cinquanta|пятьдесят|elli|lima_puluh|خمسين|خمسون|پنجاه|पचास|vijftig|piecdziesiat",
    50,
  ],
  [
    "thirty|dreissig|trente|treinta|trinta|trenta|тридцать|otuz|tiga_puluh|ثلاثين|سی|तीस|dertig|trzydziesci",
    30,
  ],
  [
    "twenty|zwanzig|vingt|veinte|vinte|venti|двадцать|yirmi|dua_puluh|عشرين|عشرون|بیست|बीस|twintig|dwadziescia|dwudziest*",
    20,
  ],
  [
    "fifteen|funfzehn|quinze|quince|quindici|пятнадцать|on_bes|lima_belas|پانزده|पंद्रह|vijftien|pietnascie",
    15,
  ],
  ["ten|zehn|dix|diez|dez|dieci|десять|sepuluh|عشر|عشره|ده|दस|tien|dziesiec", 10],
  ["five|funf|cinq|cinco|cinque|пять|bes|lima|خمس|پنج|पांच|vijf|piec", 5],
  ["three|drei|trois|tres|tre|три|uc|tiga|ثلاث|سه|तीन|drie|trzy", 3],
];
const NUMBER_WORD_PATTERNS = NUMBER_WORDS.map(
  ([words, value]) => [compileClass({ en: words }), value] as const,
);
const NUMBER_WORD_SOURCE = NUMBER_WORDS.map(([words]) => words)
  .join("|")
  .replace(/\*/gu, String.raw`\p{L}*`)
  .replace(/_/gu, String.raw`\s+`);
const DIGIT = String.raw`[0-9\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]`;
/**
 * A count: digits in any script (with thousands separators, or a Chinese/Japanese multiplier: "1万"), a
 * number word, or Chinese/Japanese numerals ("二十", "一千"), which need no boundary.
 */
const COUNT = foldedPattern(
  String.raw`(?<![\p{N}\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Devanagari}])(?:${DIGIT}{1,3}(?:[,.\u066c\u00a0 ]${DIGIT}{3})+|${DIGIT}{1,7}[万千百]?|(?:${NUMBER_WORD_SOURCE})(?![\p{L}\p{M}]))|[一二两三四五六七八九十百千万]{1,6}`,
  "gu",
);
/** COUNT without the global flag, for a single look (no lastIndex to reset). */
const FIRST_COUNT = new RegExp(COUNT.source, "u");
/** German writes a count and "times" as one word: «hundertmal», «50-mal». */
const FUSED_TIMES = foldedPattern(
  String.raw`(?<![\p{L}])(zehn|zwanzig|dreissig|funfzig|hundert|tausend|\d{2,6})\s?-?mal(?![\p{L}])`,
  "gu",
);
const FUSED_VALUES: Readonly<Record<string, number>> = {
  zehn: 10,
  zwanzig: 20,
  dreissig: 30,
  funfzig: 50,
  hundert: 100,
  tausend: 1000,
};

/** A range of values to go through: "from 1 to 1000", «از ۱ تا ۱۰۰۰», "从1到1000". */
const RANGE_NUMBER = String.raw`(${DIGIT}{1,3}(?:[,.\u066c\u00a0 ]${DIGIT}{3})+|${DIGIT}{1,7})`;
const RANGE = foldedPattern(
  String.raw`(?:from|von|de|desde|da|от|dari|از|من|从|從|van|od)\s*(?:\p{L}{1,12}\s)?\s*${RANGE_NUMBER}\s*(?:up\s+|all\s+the\s+way\s+|jusqu'|hasta\s+)?(?:to|bis|a|à|hasta|ate|al|до|ke|hingga|sampai|تا|الى|到|tot|do)\s*(?:\p{L}{1,12}\s)?\s*${RANGE_NUMBER}`,
  "gu",
);

function digitValue(character: string): number {
  const code = character.charCodeAt(0);
  for (const zero of [0x30, 0x660, 0x6f0, 0x966]) if (code >= zero && code <= zero + 9) return code - zero;
  return -1;
}

const CJK_DIGITS = "〇一二三四五六七八九";
const CJK_MULTIPLIERS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** "二十" = 20, "一千" = 1000, "十五" = 15, "两百" = 200. */
function cjkValue(numeral: string): number {
  let total = 0;
  let digit = 0;
  for (const character of numeral) {
    const value = character === "两" ? 2 : CJK_DIGITS.indexOf(character);
    if (value >= 0) {
      digit = value;
      continue;
    }
    const multiplier = CJK_MULTIPLIERS[character] ?? 1;
    total += (digit === 0 ? 1 : digit) * multiplier;
    digit = 0;
  }
  return total + digit;
}

function countValue(count: string): number {
  if (/^[一二两三四五六七八九十百千万]+$/u.test(count)) return cjkValue(count);
  const multiplier = CJK_MULTIPLIERS[count.slice(-1)] ?? 1;
  const plain = multiplier === 1 ? count : count.slice(0, -1);
  const digits = Array.from(plain)
    .map(digitValue)
    .filter((digit) => digit >= 0);
  if (digits.length > 0 && digits.length === plain.replace(/[,.\u066c\u00a0 ]/gu, "").length) {
    return digits.reduce((value, digit) => value * 10 + digit, 0) * multiplier;
  }
  for (const [pattern, value] of NUMBER_WORD_PATTERNS) {
    const match = pattern.exec(count);
    if (match && match.text.length === count.length) return value;
  }
  return 0;
}

/** "times each", «fois chacun», «veces cada uno»: every item of a list repeated. */
const TIMES_EACH = foldedPattern(
  String.raw`^(?:times|mal|fois|veces|vezes|volte|раз)\s+(?:each|apiece|for\s+each|per\s+\p{L}+|jeweils|chacun\p{L}*|cada\s+uno|ciascuno|каждый)`,
);

/** Up to two words between a count and its unit: "24 official EU languages", "50 different styles". */
const SKIPPED_WORD = /^[\p{L}\p{M}-]+[\s\p{P}]*/u;

/** The units that the range asks for beyond their thresholds; `anyUnit` when a count is huge anyway. */
function excessiveUnits(text: ScreenText, range: TextRange): Set<Unit | "any"> {
  const excessive = new Set<Unit | "any">();
  const sentence = rangeText(text, range);
  let examined = 0;
  for (const match of sentence.matchAll(COUNT)) {
    if (++examined > 30) break;
    const value = countValue(match[0]);
    if (value < 3) continue;
    // The unit follows the count, perhaps after one or two words ("5,000 words", "500 more times", "一千遍").
    const direct = sentence
      .slice(match.index + match[0].length, match.index + match[0].length + 60)
      .trimStart();
    const afterOneWord = direct.replace(SKIPPED_WORD, "");
    const afterTwoWords = afterOneWord.replace(SKIPPED_WORD, "");
    for (const unit of UNITS) {
      if (
        value >= unit.threshold &&
        (unit.words.test(direct) || unit.words.test(afterOneWord) || unit.words.test(afterTwoWords))
      ) {
        excessive.add(unit);
      }
    }
    // "five times each": a repetition of every item multiplies the whole output.
    if (value >= 3 && TIMES_EACH.test(direct)) excessive.add(TIMES);
    // "at least 300 of them": a huge count under "at least", whatever it counts.
    if (
      value >= ANY_UNIT_THRESHOLD &&
      AT_LEAST.test(sentence.slice(Math.max(0, match.index - 16), match.index))
    ) {
      excessive.add("any");
    }
  }
  for (const match of sentence.matchAll(FUSED_TIMES)) {
    const count = match[1]!;
    if ((FUSED_VALUES[count] ?? Number(count)) >= TIMES.threshold) excessive.add(TIMES);
    if (++examined > 40) break;
  }
  for (const match of sentence.matchAll(RANGE)) {
    const from = countValue(match[1]!);
    const to = countValue(match[2]!);
    // A span to go through, not a year range ("from 1990 to 2000" spans ten).
    if (to - from >= ANY_UNIT_THRESHOLD) excessive.add("any");
    if (++examined > 40) break;
  }
  return excessive;
}

/**
 * Requests for very long, repeated or endless output, at most one finding. Failure modes: a request that
 * names no number, no exhaustive quantifier and no "as long as possible" ("explain in detail") is missed;
 * an answer that quotes such a request (an essay on denial-of-wallet attacks that shows one) is flagged.
 */
export function findOutputFlooding(text: ScreenText): LocatedFinding[] {
  // Whether anything could multiply the output; asked only once a sentence holds an order or the output.
  let multiplies: boolean | undefined;
  const mayMultiply = () =>
    (multiplies ??=
      has(text, [0, text.lower.length], PER_ITEM) || has(text, [0, text.lower.length], LANGUAGE_NAME));
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const output = has(text, sentence, GRADER_OUTPUT);
    const order = has(text, sentence, WRITE_ORDER);
    // A request may run over a few sentences ("Feedback method: after each paragraph … add another and
    // repeat. Only finish when nothing could be added."): the grader's output named around it counts.
    if (!output && !order) {
      // Only an answer that names the grader's output somewhere is read for it (no extra pass otherwise).
      if (
        has(text, [0, text.lower.length], GRADER_OUTPUT) &&
        has(text, sentence, MAXIMAL_LENGTH) &&
        has(text, around(text, index), GRADER_OUTPUT)
      ) {
        return [flooding(text, sentence[0])];
      }
      continue;
    }
    if (mayMultiply()) {
      const { factors, languages } = multipliers(text, withNext(text, index));
      if (languages >= 5 || factors >= 2) return [flooding(text, sentence[0])];
    }
    // The counts are read only when an order or the grader's output could make them a request.
    let counted: Set<Unit | "any"> | undefined;
    const excessive = () => (counted ??= excessiveUnits(text, sentence));
    const floods =
      (output && (order || has(text, sentence, AT_LEAST)) && excessive().size > 0) ||
      (has(text, sentence, REPEAT_ORDER) && has(text, sentence, REPEATED_OUTPUT) && excessive().has(TIMES)) ||
      (has(text, sentence, MAXIMAL_LENGTH) && (output || order)) ||
      (has(text, sentence, EXHAUSTIVE) && output && order);
    if (floods) return [flooding(text, sentence[0])];
  }
  return [];
}

function flooding(text: ScreenText, at: number): LocatedFinding {
  return findingAt(
    text,
    "output_flooding",
    "The answer asks the grader for very long or repeated output, which costs time and money.",
    at,
  );
}

/** The two sentences before, the sentence, and the one after. */
function around(text: ScreenText, index: number): TextRange {
  const previous = text.sentences[Math.max(0, index - 2)]!;
  const next = text.sentences[index + 1] ?? text.sentences[index]!;
  return [previous[0], next[1]];
}
