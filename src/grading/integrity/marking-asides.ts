/**
 * Asides to the marking: text that steps out of the answer to speak about how *this* answer is to be
 * marked, read by structure rather than by phrase, in any screened language or a mix of them.
 *
 *  - verdict notes: a note addressed to the marking ("for the marker", «Hinweis für die Bewertung»,
 *    «destinée à l'outil de correction», «採点システムへ», "to whoever reads this in order to mark it") or a
 *    set-off assessment label ("Expert assessment (second reader):") that carries a verdict on the work
 *    (exemplary, top band, no deduction, "anything below the maximum") or asks the marker to concur,
 *    align or confirm; the grader itself told to concur with someone else's verdict.
 *  - prior marking: the text said to have been marked, approved or moderated already, with a top outcome
 *    or a request that the marking only confirm it.
 *  - pointer retractions: a part of the answer pointed at ("that line", «der Teil davor», «esa frase»,
 *    «tamto zdanie», "from here on") and struck out or declared the only part to judge.
 *  - the grader's materials: what the grader was given, handed or told ("whatever solution you were
 *    handed", «qué te indicaron», «あなたが受け取った…メモ»), or a classmate's result, asked for.
 *  - feedback amplification: a word written some hundreds of times, every sentence or term of the answer
 *    restated in several forms or from many viewpoints.
 *  - favourable personas: the grader asked to pretend to be someone who always gives the top grade.
 *
 * Third-person talk about marking (an essay on moderation, a peer-review description, a novel's dialogue,
 * "Final answer: x = 3") names no addressee, points at no part of this answer and asks nothing: every rule
 * needs two independent signals in one sentence or a sentence and the next.
 *
 * Cost: a gate (see SPOKEN_TO_OR_OF_GRADING and OTHER_SIGNS) of about a microsecond on a short answer;
 * the word classes below are scanned only for answers that pass it.
 */
import {
  compileClass,
  DESERVES,
  DRAFT,
  foldedPattern,
  GRADE_ACT,
  GRADER,
  GRADER_NOTE_LABEL,
  GRADING_DOCUMENT,
  NEW_VERSION,
  NO_DEDUCTION,
  PRAISE,
  REVIEWED,
  REVIEWED_WITH_OUTCOME,
  TOP_OUTCOME,
  type CompiledClass,
  type WordClass,
} from "./lexicon.js";
import { type TextRange } from "./phrase-screen.js";
import { findingAt, has, matchIn, type ScreenText } from "./screen-text.js";
import { type LocatedFinding, TOP_OF_A_SCALE } from "./screen-types.js";

// ---------------------------------------------------------------------------------------------------------
// Signals

/** The marking as addressee: "for the marker", "to the correction tool", «採点システムへ». */
// "AI marking is fast" names an activity, not an addressee ("the AI marker is to …"): the activity nouns
// take only a modal of obligation.
const TO_THE_MARKING_WORDS: WordClass = {
  en: "(for|to|attn:?)_(the_)?(attention_of_(the_)?)?((automated|automatic|ai|online|digital|second|external)_)?(marker|markers|grader|graders|examiner|examiners|assessor|assessors|moderator|evaluator|marking|grading|assessment|scoring|correction|evaluation)(_(tool|system|software|engine|model|team|process|assistant|bot|ai|program|pipeline))?(_?[:,—–-]|_only|_team)|(whoever|whatever|anyone|anything|the_(person|system|program|model|software))(,?_\\p{L}+){0,6},?_(this|it|my_\\p{L}+)_(in_order_)?to_(mark|grade|score|assess|evaluate|check)_(it|this|me|them)|note_(for|to)_(the_)?(marker|grader|examiner|assessor|marking|grading|assessment|moderator|automated_\\p{L}+)|(automated|automatic|ai)_(marker|grader|assessor|checker|scorer)_(should|must|will|is|need|can)|(automated|automatic|ai)_(marking|grading|assessment)_(should|must|will|need)",
  de: "(fur|an)_(die|den|das)_(bewertung|korrektur|korrektor*|prufer*|bewerter*|benotung|begutachtung|bewertungs*|korrektur*)|hinweis_(fur|zur|an)_(die_|den_)?(bewertung|korrektur|korrektor*|prufer*|bewerter*)|zur_(bewertung|korrektur)_?:",
  fr: "(destine*_a|pour|a_l'attention_de|a)_(l'|la_|le_)?(outil_de_(correction|notation)|correcteur*|correctrice*|correction|evaluation|notation|examinateur*|jury|systeme_de_(correction|notation))",
  es: "(para|al|a_la|dirigid[ao]_(al|a_la))_(el_|la_)?(corrector*|correctora*|correccion|evaluacion|evaluador*|examinador*|calificacion|sistema_de_(calificacion|evaluacion|correccion))_?[:,]",
  pt: "(para|ao|a|destinad[ao]_(ao|a))_(o_|a_)?(corretor*|correcao|avaliacao|avaliador*|banca|sistema_de_(correcao|avaliacao))_?[:,]",
  it: "(per|al|alla|all')_?(il_|la_|l')?(correttore|correttrice|correzione|valutazione|valutatore|valutatrice|commissione|sistema_di_(valutazione|correzione))_?[:,]|destinat[ao]_(al|alla)_(correttore|correzione|valutazione|valutatore)",
  nl: "(voor|aan)_de_(beoordelaar|nakijker|corrector|beoordeling|nakijkronde|examinator|docent)_?[:,]|let_op_(,_)?(beoordelaar|nakijker|corrector)",
  pl: "(dla|do)_(egzaminatora|sprawdzajacego|oceniajacego|systemu_oceniania|oceniajacych)_?[:,]",
  sv: "(till|for)_(bedomaren|rattaren|bedomningen|rattningen|examinatorn)_?[:,]",
  ru: "(для|к)_(проверяющ*|экзаменатор*|оценщик*|систем*_(проверки|оценивания))_?[:,]|проверяющему|экзаменатору",
  uk: "(для|до)_(перевіряюч*|екзаменатор*|систем*_(перевірки|оцінювання))_?[:,]|перевіряючому|екзаменатору",
  tr: "(degerlendiriciye|degerlendirene|puanlayana|notlandirana|puanlama_sistemine|degerlendirme_sistemine)_?[:,]?",
  id: "(untuk|kepada)_(penilai|pemeriksa|korektor|penguji|sistem_penilaian)_?[:,]",
  vi: "(gui|kinh_gui|danh_cho)_(nguoi_cham|giam_khao|he_thong_cham)",
  el: "(για|προς)_(τον_|το_|την_)?(βαθμολογητη|εξεταστη|διορθωτη|συστημα_βαθμολογησης|βαθμολογηση)",
  ar: "(الى|إلى|ل)_?(المصحح|المقيم|الممتحن|نظام_(التصحيح|التقييم))|للمصحح|للمقيم|للممتحن|ملاحظه_للمصحح",
  fa: "(به|برای)_(مصحح|ارزیاب|تصحیح_?کننده|ممتحن|سامانه_?ی?_(تصحیح|ارزیابی))",
  hi: "(परीक्षक|मूल्यांकनकर्ता|जाँचकर्ता|जांचकर्ता)_(के_लिए|को|हेतु)",
  zh: "致(阅卷|閱卷|评分|評分|批改|评卷|評卷)|(给|給)(阅卷|閱卷|评分|評分|批改)(老师|老師|系统|系統|人员|人員)|(阅卷|閱卷|评分|評分|批改)(老师|老師|系统|系統)(请|請)?(注意|须知)",
  ja: "採点(者|システム|担当(者)?|係|AI|の方)(へ|様|各位|殿)|採点(者|システム)への",
  ko: "채점(자|관|_?시스템|_?담당자)(님)?(께|에게|_?참고)",
};
const TO_THE_MARKING = compileClass(TO_THE_MARKING_WORDS);

/** The grader told to concur with, align with, or only confirm a verdict it did not reach. */
const CONCUR_WORDS: WordClass = {
  en: "(simply|just|only|merely)_(concur|confirm|agree|endorse|ratify|rubber-?stamp|sign_off)|concur_with|(align|match|bring)_(your|the)_(\\p{L}+_)?(grade|mark|score|assessment|appraisal|judg(e)?ment|evaluation|rating)|(only_)?expected_to_(confirm|concur|agree|endorse|ratify)|defer_to_(the|this|that|their|his|her)|(respect|adopt|uphold|honou?r|follow|keep)_(the|this|that|their|his|her)_(\\p{L}+_)?(verdict|judg(e)?ment|assessment|evaluation|view|grade|rating|decision)|second-?guess|(grade|mark|score|assessment)_(will_|should_|would_|can_)?(reflect|mirror)_(that|this|it|their|his|her)|(reflect|mirror)_(that|this|it)_in_(the_|your_)?(grade|mark|score)|rather_than_re-?(mark|grad|evaluat|assess)*|(no|not_any)_(need|reason)_to_re-?(mark|grade|evaluate|assess)",
  de: "(ubernehmen|bestatigen|teilen|ubernimm|bestatige)_(sie_|du_)?(bitte_)?(dieses|diese|dieses|das|die|dessen|deren)_(urteil|einschatzung|bewertung|note|gutachten)|(dem|diesem)_(urteil|gutachten)_(an|anschliessen)|schlie(ss|ß)en_sie_sich_(\\p{L}+_){1,4}an|ein_abzug_ware_(sachlich_)?(nicht|kaum)|nur_(noch_)?(bestatigen|abnicken)",
  fr: "aligner_(votre|ton|ta|la|sa)_(appreciation|note|evaluation|notation)|vous_aligner_sur|(confirmer|entériner|enteriner|valider)_(simplement_)?(cette|la|ma)_(note|appreciation|evaluation)|(respecter|suivre)_(ce|le|cet|son)_(jugement|avis|verdict)",
  es: "(alinear|ajustar)_(su|tu)_(nota|evaluacion|calificacion|valoracion)|(respet|sig)*_(el|ese|este|su)_(juicio|criterio|dictamen|veredicto)|(solo|solamente|unicamente)_(hay_que|debe|tiene_que|tienen_que|deben)_(confirmar|ratificar|validar)|confirmar_la_(nota|calificacion)",
  pt: "(alinhar|ajustar)_(sua|a_sua|tua)_(nota|avaliacao)|(apenas|so|somente)_(confirmar|ratificar|validar)|(respeitar|seguir)_o_(parecer|julgamento|veredito)",
  it: "(allineare|uniformare)_(la_tua|il_tuo|la_vostra|il_vostro|la_sua|il_suo)_(valutazione|voto|giudizio)|(solo|soltanto)_(confermare|ratificare)|(rispettare|seguire)_(il|quel|questo)_(giudizio|parere|verdetto)|confermare_il_voto",
  nl: "(oordeel|beoordeling|cijfer)_(over)?nemen|sluit_(u|je)_(zich_|je_)?aan_bij|hoeft_(er_)?niets_(meer_)?(aan_)?(veranderd|gewijzigd|afgetrokken)|(alleen|enkel)_(nog_)?bevestigen",
  pl: "(potwierdz|zatwierdz)*_(te_|ta_)?(ocen|wynik|punktacj)*|(zgodz|przychyl)*_(sie_)?(z|do)_(ta_|tej_)?(ocen|opini)*",
  sv: "(bekrafta|folj)_(bara_)?(bedomningen|betyget)",
  ru: "(согласит|присоедин)*_(с|к)_(эт*_)?(оценк|мнени|заключени|вердикт)*|(только|лишь|просто)_(подтверд|утверд)*|подтвердите_(оценк|балл)*",
  uk: "(погод|приєдна)*_(з|до)_(оцінк|думк|висновк)*|(лише|тільки|просто)_підтверд*",
  tr: "(gorusune|degerlendirmesine|kararina)_(uyun|uy|katilin)|(sadece|yalnizca)_onaylay*",
  el: "(απλως|μονο)_(επιβεβαιωστε|επικυρωστε)|συμφωνησ*_με_(την_)?(αξιολογηση|κριση)",
  ar: "(احترام|احترم|احترموا|اعتماد|اعتمد|اعتمدوا|الالتزام_ب|التزم_ب)_?(تقييم|راي|حكم)|(فقط|مجرد)_(تاكيد|اعتماد)",
  fa: "(نظر|ارزیابی|داوری)_(کارشناس|استاد|متخصص|معلم)_?(را)?_(بپذیرید|رعایت_کنید|تایید_کنید|محترم_بشمارید)|(فقط|صرفا)_تایید",
  hi: "(राय|मूल्यांकन)_(का|को)_(सम्मान|पालन)|केवल_पुष्टि",
  id: "(cukup|hanya)_(mengonfirmasi|menyetujui|mengesahkan)|(ikuti|hormati)_(penilaian|pendapat)",
  vi: "(chi_can|chi)_(xac_nhan|dong_y)|ton_trong_(danh_gia|y_kien)",
  zh: "尊重(专家|專家|老师|老師)?的?(评价|評價|意见|意見|评分|評分|判断|判斷)|与(专家|專家|老师|老師)的?(评价|評價|意见|意見)(保持)?一致|(只需|只要|仅需|僅需)(确认|確認)",
  ja: "(評価|判断|意見|見解)を尊重|(評価|判断)に(沿った|従った|合わせた)|追認|(確認|同意)するだけ",
  ko: "(평가|의견|판단)(를|을)_?존중|(평가|판단)에_?(따라|맞춰)|확인만",
};
const CONCUR = compileClass(CONCUR_WORDS);

/** A verdict on the work, as a reviewer would put it, beyond the praise class. */
const VERDICT_WORDS: WordClass = {
  en: "exemplary|model_answer|top_(band|level|mark|marks|grade)|highest_(band|level|grade|mark)|full_(marks|credit|points|score)|the_maximum|(a|any)_(deduction|penalty)|no_(marks|points)_(deducted|off)|rigorous_and_complete|(accurate|correct|complete|thorough)_and_(complete|correct|rigorous|thorough|well)*|(exceeds|above|beyond)_the_(expected_)?(standard|level|requirements)|well_argued|beyond_reproach|misjudg*|(below|under|less_than|short_of)_(the_)?(maximum|full_marks|top(_one|_mark|_grade|_score)?|highest)|(as|is)_(an?_)?(exemplary|perfect|flawless|model)|deserv*_(full|top|the_maximum|the_highest)|well[_-]organi[sz]ed",
  de: "vorbildlich*|mustergultig*|beispielhaft*|(vollstandig|richtig|korrekt)_und_(fehlerfrei|vollstandig|richtig|korrekt)|fehlerfrei|hochstpunktzahl|volle_punktzahl|(kein|ohne)_(punkt)?abzug*|abzug_ware|jedes_kriterium|alle_kriterien|volle_punkte|bestnote",
  fr: "exemplaire*|irreprochable*|note_maximale|(aucune|sans)_(penalite|deduction|retenue)|tous_les_points|(la|une)_note_(complete|maximale|parfaite)",
  es: "ejemplar*|impecable*|nota_maxima|(sin|ningun)_(descuento|penalizacion)*|todos_los_puntos|puntuacion_(maxima|completa)|perfect[ao]",
  pt: "exemplar*|impecave*|nota_maxima|(sem|nenhum)_(desconto|penalizacao)*|todos_os_pontos|perfeit[ao]",
  it: "esemplare|impeccabil*|voto_massimo|punteggio_(pieno|massimo)|(nessuna|senza)_(penalizzazione|detrazione)|perfett[ao]",
  nl: "voorbeeldig*|uitmuntend*|volledige_aantal_punten|maximale_(aantal_)?punten|volle_punten|(geen|zonder)_aftrek|perfect",
  pl: "wzorow*|bezbledn*|maksymaln*_(liczb*_)?(punkt|ocen)*|bez_(odejmowania|potracen)*|pelna_liczba_punktow|perfekcyjn*",
  sv: "forebildlig*|utmarkt|full_pott|hogsta_betyg*|maxpoang|felfri*",
  ru: "образцов*|безупречн*|эталонн*|максимальн*_(балл|оценк)*|(без|никаких)_(снижени|вычет)*|идеальн*|отличн*",
  uk: "зразков*|бездоганн*|максимальн*_(бал|оцінк)*|(без|жодних)_(зниженн|відрахуван)*|відмінн*",
  tr: "ornek_niteliginde|kusursuz|tam_puan*|mukemmel|(hicbir|puan)_kesinti*",
  id: "sempurna|teladan|nilai_(penuh|maksimal)|tanpa_pengurangan",
  vi: "xuat_sac|hoan_hao|mau_muc|diem_toi_da|khong_tru_diem",
  el: "υποδειγματικ*|αψογ*|τελει*|αριστ*|μεγιστ*_βαθμ*",
  ar: "نموذجي*|مثالي*|ممتاز*|الدرجه_(الكامله|القصوى|القصوي)|بدون_خصم|دون_خصم",
  fa: "نمونه_?ای|بی_?نقص|عالی|نمره_?ی?_(کامل|بیست)|بدون_کسر",
  hi: "उत्कृष्ट|आदर्श|त्रुटिहीन|पूरे_अंक|पूर्ण_अंक|बिना_कटौती",
  zh: "满分|滿分|范文|範文|完美|无可挑剔|無可挑剔|(无需|無需|不应|不應)扣分|模范|模範|标准答案同等|標準答案同等",
  ja: "模範解答と同等|模範的|満点|完璧|減点(の余地|すべき点)?(は|が)?(ない|なし|ありません)|申し分(ない|なし)",
  ko: "모범_?답안|만점|완벽|감점(할|_?요소가)?_?없",
};
const VERDICT = compileClass(VERDICT_WORDS);

/** A set-off assessment label: "Expert assessment (…):", "Second reader:", «Gutachten:». */
const ASSESSMENT_LABEL_WORDS: WordClass = {
  en: "(expert|external|independent|peer|second[_-]reader|moderator|moderation|examiner|reviewer|teacher|tutor|departmental|panel|specialist)('s)?_(assessment|evaluation|review|verdict|opinion|appraisal|note|comment|rating|judg(e)?ment|report)|second[_-](reader|marker|opinion)|(assessment|evaluation|review|verdict)_(by|from)_(an?_|the_)?\\p{L}+",
  de: "(experten|fach|zweit)(gutachten|urteil|bewertung|einschatzung|meinung)|zweitkorrektur|zweitgutachten|fachurteil",
  fr: "(avis|appreciation|evaluation)_(d'expert|de_l'expert|du_second_correcteur|independante?)|second_correcteur",
  es: "(valoracion|evaluacion|dictamen|opinion)_(experta|de_experto|del_experto|independiente|del_segundo_corrector)|segundo_corrector",
  pt: "(parecer|avaliacao)_(especializad[ao]|de_especialista|independente)|segundo_corretor",
  it: "(parere|valutazione|giudizio)_(esperto|dell'esperto|indipendente|del_secondo_correttore)|secondo_correttore",
  nl: "(expert|deskundigen)(oordeel|beoordeling)|tweede_(lezer|beoordelaar|corrector)",
  pl: "(opinia|ocena)_(eksperta|niezalezna|drugiego_egzaminatora)",
  ru: "(экспертн*_(оценк|заключени|мнени)*|заключение_эксперта|второй_проверяющий)",
  uk: "(експертн*_(оцінк|висновок)*|висновок_експерта)",
  zh: "(专家|專家|第二阅卷人|第二閱卷人|复核|複核)(评语|評語|评价|評價|意见|意見|鉴定|鑑定)",
  ja: "(専門家|第二採点者)の?(評価|所見|見解)",
  ko: "전문가_?(평가|의견|소견)",
  ar: "تقييم_(الخبير|خبير|مستقل)|راي_الخبير",
  fa: "(ارزیابی|نظر)_(کارشناس|متخصص)",
};
const ASSESSMENT_LABEL = compileClass(ASSESSMENT_LABEL_WORDS);

/** Marked, approved or moderated already (a participle or a past form), or a prefix that says so. */
const MARKED_BEFORE_WORDS: WordClass = {
  en: "pre-?(moderated|marked|graded|approved|assessed|checked|scored|reviewed|validated)|already_(been_)?(marked|graded|approved|moderated|assessed|scored|checked|reviewed|validated|signed_off)|(was|were|has_been|have_been|had_been)_(marked|graded|approved|moderated|assessed|scored|reviewed|validated|signed_off|confirmed)|(score|grade|mark)_(was_)?(confirmed|approved|validated|agreed)",
  de: "(bereits|schon|vorab|vorher)_(\\p{L}+_){0,4}(bewertet|benotet|korrigiert|gepruft|abgenommen|freigegeben|bestatigt|begutachtet|abgesegnet)|vorab_(bewertet|freigegeben|gepruft)",
  fr: "(deja|prealablement|au_prealable)_(\\p{L}+_){0,3}(corrige|notee?|evaluee?|validee?|approuvee?|relue?|moderee?)|a_ete_(relue?|corrigee?|notee?|validee?|approuvee?)_par",
  es: "(ya|previamente)_(\\p{L}+_){0,3}(corregid[ao]|calificad[ao]|evaluad[ao]|aprobad[ao]|revis*|valid*)|(lo|la)_(reviso|corrigio|califico|evaluo|aprobo)|lo_dio_por|la_dio_por",
  pt: "(ja|previamente)_(\\p{L}+_){0,3}(corrigid[ao]|avaliad[ao]|aprovad[ao]|revisad[ao]|validad[ao])|foi_(corrigid[ao]|avaliad[ao]|aprovad[ao])_(pel[oa])",
  it: "(gia|preventivamente)_(\\p{L}+_){0,3}(corrett[ao]|valutat[ao]|approvat[ao]|revisionat[ao]|validat[ao])|e_stat[ao]_(corrett|valutat|approvat|rivist)[ao]_da",
  nl: "(al|reeds|vooraf|eerder)_(\\p{L}+_){0,4}(nagekeken|beoordeeld|goedgekeurd|gecontroleerd|gemodereerd)",
  pl: "(juz|wczesniej|uprzednio)_(\\p{L}+_){0,3}(sprawdzon|ocenion|zatwierdzon|zaakceptowan)*",
  sv: "(redan|i_forvag)_(\\p{L}+_){0,3}(rattad|bedomd|godkand|granskad)*",
  ru: "(уже|заранее|предварительно)_(\\p{L}+_){0,3}(провер|оцен|одобр|утвержд|согласова)*",
  uk: "(вже|заздалегідь|попередньо)_(\\p{L}+_){0,3}(перевір|оцін|схвал|затвердж)*",
  tr: "(zaten|onceden|daha_once)_(\\p{L}+_){0,3}(degerlendiril|puanlan|onaylan|kontrol_edil)*",
  id: "(sudah|telah)_(\\p{L}+_){0,3}(dinilai|diperiksa|disetujui|dikoreksi)",
  vi: "(da_duoc)_(\\p{L}+_){0,3}(cham|duyet|phe_duyet)",
  el: "(ηδη|προηγουμενως)_(\\p{L}+_){0,3}(βαθμολογ|εγκρ|ελεγχ)*",
  ar: "(تم|سبق|قد)_(\\p{L}+_){0,2}(تصحيح|تقييم|اعتماد|مراجعه)*|(صحح|قيم|اعتمد|راجع)*_(مسبقا|سابقا)",
  fa: "(قبلا|پیشتر|از_قبل)_(\\p{L}+_){0,3}(تصحیح|ارزیابی|تایید|بررسی)*",
  hi: "(पहले_ही|पहले_से)_(\\p{L}+_){0,3}(जाँच|जांच|मूल्यांकन|स्वीकृत)",
  zh: "已(经|經)?(被)?(\\p{L}{0,6})(批改|评分|評分|审核|審核|评定|評定|认定|認定|批准)|评价过|評價過|评估済",
  ja: "(既に|すでに|事前に)(\\p{L}{0,12})(採点|評価|承認|確認)(済|され)|評価済|採点済|承認済",
  ko: "(이미|사전에)_?(\\p{L}+_){0,3}(채점|평가|승인|검토)(되었|됐|받았)",
};
const MARKED_BEFORE = compileClass(MARKED_BEFORE_WORDS);

/** A part of the answer pointed at as text: "that line", "the sentence before", «der Teil davor», "from here on". */
const POINTER_WORDS: WordClass = {
  en: "(that|this|the_previous|the_preceding|the_first|the_last|the_above|my_first|my_last)_(line|sentence|bit|part|paragraph|statement)|the_(line|sentence|part|bit|paragraph|statement)_(before|above|earlier)|(the|my)_(sentence|line)_before|from_here_(on|onwards|down)|(everything|all)_(after|below)_this|the_(text|part|answer)_(under|below|after)_this_(line|point|heading)",
  de: "(der|die|das|den|dieser|diese|dieses|jener|jene)_(teil|satz|zeile|absatz|abschnitt)_(davor|vorher|oben|zuvor)|(der|den|die)_(erste|vorige|vorherige|obige)n?_(teil|satz|zeile|absatz)|ab_hier|von_hier_an|dieser_satz|diese_zeile",
  fr: "(cette|la)_(phrase|ligne|partie)_(d'avant|precedente|ci-dessus|du_dessus)|(cette|la_premiere)_(phrase|ligne)|a_partir_d'ici|ce_qui_suit|ce_qui_precede",
  es: "(esa|esta|aquella|la)_(frase|linea|oracion|parte)(_anterior|_de_arriba)?|lo_de_antes|a_partir_de_aqui|desde_aqui",
  pt: "(essa|esta|aquela|a)_(frase|linha|parte)(_anterior|_de_cima)?|a_partir_daqui",
  it: "(quella|questa|la)_(frase|riga|parte)(_precedente|_prima|_sopra)?|da_qui_in_(poi|avanti)",
  nl: "(dat|die|de|het)_(eerste|vorige|bovenste)(_deel|_zin|_stuk)?|(deze|die|dat)_(zin|regel|deel|stuk)|vanaf_hier",
  pl: "(tamto|to|ostatnie|pierwsze|poprzednie)_(zdanie|linij*|fragment|czesc)|od_tego_miejsca",
  sv: "(den_har|den_dar|forsta|forra)_(meningen|raden|delen)|harifran",
  ru: "(это|эта|этот|та|тот|то|предыдущ*|первое|первую)_(предложени*|строк*|част*|черновик|абзац)|это_черновик|отсюда|следующ*_строк*",
  uk: "(це|ця|цей|те|та|попередн*|перше|першу)_(речення|рядок|рядка|частин*|чернетк*)|це_чернетка|звідси",
  tr: "(o|bu|onceki|ilk)_(cumle|satir|kisim|bolum)*|buradan_itibaren",
  id: "(kalimat|baris|bagian)_(itu|sebelumnya|pertama|tadi)|mulai_dari_sini",
  el: "(αυτη|εκεινη|η_προηγουμενη|η_πρωτη)_(η_)?(προταση|γραμμη)|απο_εδω_και_(περα|κατω)",
  ar: "(تلك|هذه|الجمله|السطر)_(الجمله|السطر|السابقه|السابق|الاولى)|من_هنا_فصاعدا",
  fa: "(آن|این|جمله|خط)_(جمله|خط|قبلی|اول)|از_اینجا_به_بعد",
  hi: "(वह|यह|पिछला|पिछली|पहला|पहली)_(वाक्य|पंक्ति|हिस्सा)|यहाँ_से",
  zh: "(那|这|這|上一|前一|第一)(句|行|段)(话|話)?|从这里开始|從這裡開始|以下才是",
  ja: "(その|この|上の|前の|最初の)(文|行|部分|段落)|ここから(先|下)",
  ko: "(그|이|앞|위|첫)_?(문장|줄|부분)|여기서부터",
};
const POINTER = compileClass(POINTER_WORDS);

/** Struck out or not counted, as said of a part of the text. */
const STRUCK_WORDS: WordClass = {
  en: "ignore|disregard|strike|cross(ed)?_out|delete|remove|drop|scrap|doesn't_count|does_not_count|don't_count|not_count|shouldn't_count|is_not_part|isn't_part|not_part_of|void|invalid|mentally_delete",
  de: "gehort_nicht|zahlt_nicht|gilt_nicht|streich*|ignorier*|loesch*|losch*|nicht_(werten|bewerten|beachten|mitzahlen)|entfall*",
  fr: "ne_compte_pas|ignorez|barrez|rayez|supprimez|efface[rz]?|oubliez|ne_fait_pas_partie",
  es: "borra*|tacha*|ignor*|no_cuenta|no_vale|elimina*|quita*|no_forma_parte",
  pt: "apag*|risc*|ignor*|nao_conta|nao_vale|desconsider*|nao_faz_parte",
  it: "va_tolta|va_tolto|va_cancellat[ao]|cancell*|ignor*|non_conta|non_vale|togli*|non_fa_parte",
  nl: "telt_niet(_mee)?|negeer*|schrap*|streep_\\p{L}+_door|doorgestreept|hoort_er_niet_bij|vergeet",
  pl: "wykresl*|skresl*|ignoruj*|nie_liczy*|pomin*|usun*",
  sv: "stryk|ignorera|raknas_inte|glom",
  ru: "не_(надо|нужно|стоит)_(учитывать|смотреть|оценивать|засчитывать)|не_учитывайте|не_считается|вычеркн*|игнорир*|забудьте|удалите",
  uk: "не_(треба|потрібно)_(враховувати|оцінювати)|не_враховуйте|викресл*|ігнор*",
  tr: "sayilmaz|saymayin|dikkate_almayin|silin|cizin|yok_sayin",
  id: "abaikan|coret|tidak_dihitung|hapus",
  el: "αγνοηστε|διαγραψτε|δεν_μετρα|σβηστε",
  ar: "تجاهل*|احذف*|لا_تحتسب*|لا_يحتسب|اشطب*",
  fa: "نادیده_بگیر*|حذف_کنید|خط_بزنید|حساب_نکنید|حساب_نمی_?شود",
  hi: "अनदेखा|हटा_दें|गिनती_न|काट_दें",
  zh: "不算|忽略|删掉|刪掉|划掉|劃掉|作废|作廢|不要看|别管",
  ja: "無視|消して|取り消|数えないで|カウントしない|含めないで",
  ko: "무시|지워|삭제|세지_마",
};
const STRUCK = compileClass(STRUCK_WORDS);

/** The part to judge, or what "really" counts: "judge only this", "this is the one for the mark". */
const JUDGE_THIS_WORDS: WordClass = {
  en: "(judge|grade|mark|assess|evaluate|score|read|look_at|consider)_(only_|just_)?(this|these|the_following|what_follows|the_next)(_(part|line|sentence|bit|one|version))?(_only)?|(is|are)_what_i_want_you_to_(look_at|read|grade|mark|judge|assess)|(is|are)_the_(real|actual|true|proper)_(one|answer|version|submission)|the_(real|actual)_one|the_one_(for|to)_(the_)?(mark|grade|grading|marking)|what_i_(really|actually)_(submit|hand_in|mean_to_submit)|only_this_(counts|part|line|sentence)",
  de: "gewertet_wird_(nur_)?(ab_hier|das|dies|folgend*)|(bewerte|werte|bewerten_sie|werten_sie)_(nur|bitte_nur|ausschliesslich)|zahlt_nur|nur_das_(hier|folgende)|meine_(eigentliche|richtige|echte)_(abgabe|antwort)",
  fr: "(notez|corrigez|evaluez)_(seulement|uniquement|plutot)|seul(e)?_(compte|cette)|ce_que_je_rends_vraiment|ma_vraie_reponse",
  es: "lo_que_entrego_(de_verdad|realmente)|(califica|corrige|evalua|califiquen|corrijan|evaluen)_(solo|solamente|unicamente)|solo_cuenta|la_(respuesta|version)_(buena|real|de_verdad)",
  pt: "(avalie|corrija|considere)_(apenas|so|somente)|o_que_entrego_de_verdade|a_(resposta|versao)_(certa|real|valida)",
  it: "quella_da_(correggere|valutare)_e|(valuta|correggi|valutate|correggete)_(solo|soltanto)|conta_solo|la_(risposta|versione)_(buona|vera|valida)",
  nl: "kijk_alleen_naar|beoordeel_alleen|alleen_(dit|deze)_(telt|zin|deel)|telt_alleen",
  pl: "pod_uwage_(prosze_)?(brac|wziac)_(wylacznie|tylko)|(oceniajcie|ocencie|oceniaj)_(tylko|wylacznie)|liczy_sie_tylko",
  sv: "bedom_(bara|endast)|raknas_bara",
  ru: "(ответом|ответ)_(считайте|засчитайте)_(только|лишь)|(оценивайте|проверяйте|смотрите)_(только|лишь)|считается_только",
  uk: "(оцінюйте|перевіряйте|дивіться)_(лише|тільки)|зараховуйте_(лише|тільки)",
  tr: "(sadece|yalnizca)_(bunu|bu_kismi|asagidakini)_(degerlendirin|puanlayin)|asil_cevap",
  id: "(nilai|periksa)_(hanya|cuma)_(ini|bagian_ini)|jawaban_yang_sebenarnya",
  el: "(βαθμολογηστε|αξιολογηστε)_μονο|μετρα_μονο",
  ar: "(قيموا|صححوا|قيم|صحح)_(فقط|هذا_فقط)|الاجابه_الحقيقيه",
  fa: "فقط_(این|همین)_را_(تصحیح|ارزیابی)|پاسخ_اصلی",
  hi: "केवल_(यह|इसे)_(जाँचें|जांचें)|असली_उत्तर",
  zh: "(只|仅|僅)(批改|评|評|看)(这|這|下面)|以(这|這|下面)(句|段|个|個)?为准|以(这|這|下面)(句|段|个|個)?為準",
  ja: "(こちら|これ|以下)(だけ|のみ)を?(採点|評価)|正式な解答",
  ko: "(이것|이_부분)만_?(채점|평가)",
};
const JUDGE_THIS = compileClass(JUDGE_THIS_WORDS);

/** Something the grader was given, handed or told (its materials). */
const GIVEN_TO_YOU_WORDS: WordClass = {
  en: "(you_were|you've_been|you_have_been|you're|you_are|were_you)_(given|handed|sent|provided|told|shown|supplied|instructed|issued)|(they|we|the_\\p{L}+)_(gave|handed|sent|showed)_you|(you|u)_(received|got)_(from|with|for)|(that|which)_you_(received|got|were_given)",
  de: "(man_)?(dir|ihnen|euch)_(\\p{L}+_){0,3}(gegeben|vorgegeben|mitgegeben|geschickt|gesagt|zugeschickt)|(du|sie)_(bekommen|erhalten)_(hast|haben)|laut_(der_)?(losung|musterlosung|vorlage)",
  fr: "(on_)?(t'a|vous_a)_(donne|fourni|transmis|dit|indique|envoye)*|(vous_|t')a-t-on_(donne|fourni|transmis|dit|indique|envoye)*|(que_)?(tu_as|vous_avez)_recu|(la_)?correction_officielle",
  es: "(te|le|les|os)_(dieron|indicaron|pasaron|dijeron|mandaron|entregaron|han_dado|han_indicado)|(que_)?(recibiste|has_recibido)",
  pt: "(te|lhe|lhes)_(deram|passaram|disseram|indicaram|entregaram|mandaram)|(que_)?(voce_)?recebeu",
  it: "(ti|vi|le)_(hanno|e_stat[ao]|sono_stat[ie])_(dat[aoie]|fornit[aoie]|dett[aoie]|indicat[aoie]|consegnat[aoie])|(che_)?hai_ricevuto",
  nl: "(je|u|jij)_(hebt_|heeft_)?(gekregen|meegekregen|ontvangen)|(aan_)?(jou|u)_(gegeven|gestuurd|verteld)",
  pl: "(otrzymal|dostal)(es|as|a|e)|(dano|przekazano|podano)_(ci|panu|pani)",
  sv: "(du|ni)_(fick|har_fatt)|(gavs|gett)_(dig|er)",
  ru: "(вам|тебе)_(дали|выдали|сказали|прислали|передали|велели)|(вы|ты)_получил*",
  uk: "(вам|тобі)_(дали|видали|сказали|надіслали|передали)|(ви|ти)_отримал*",
  tr: "(sana|size)_(verilen|gonderilen|soylenen|iletilen)",
  id: "(yang_)?(diberikan|dikirim)_(kepada|ke)_(anda|kamu)|(anda|kamu)_(terima|dapatkan)",
  vi: "(ban|thay|co)_(duoc|nhan_duoc)_(giao|dua|gui)",
  el: "(σας|σου)_(εδωσαν|δοθηκ*|ειπαν)",
  ar: "(اعطيت|أعطيت|اعطوك|ارسلوا_لك|قيل_لك|التي_تلقيتها|الذي_تلقيته|تلقيتها)",
  fa: "(به_شما|به_تو)_(داده|گفته|ارسال)_?(شده|اند)|(که_)?دریافت_کرده_?(اید|ای)",
  hi: "(आपको|तुम्हें)_(दिए|दी|दिया|बताया)",
  zh: "(你|您)(收到|拿到|得到)的|(给|給)(你|您)的(说明|說明|指示|答案|笔记|筆記|标准|標準|资料|資料)|(老师|老師)(给|給)(你|您)的",
  ja: "(あなた|そちら)が受け取った|(あなた|そちら)に(渡|与え|送)られた|受け取った(採点|メモ|指示|資料)",
  ko: "(당신이|님이)_?받은|(당신|님)에게_?(주어진|전달된)",
};
const GIVEN_TO_YOU = compileClass(GIVEN_TO_YOU_WORDS);

/** What the grader's materials are: notes, solution, instructions, what to look for. */
const MATERIALS_WORDS: WordClass = {
  en: "notes|solution|solutions|instructions|guidance|guidelines|criteria|checklist|key|answer|answers|text|memo|sheet|rubric|look_for|to_look_for|check_for|reward",
  de: "notizen|losung|loesung|anweisungen|hinweise|kriterien|vorgaben|antwort|text|achten",
  fr: "notes|solution|consignes|instructions|criteres|corrige|reponse|texte|chercher",
  es: "notas|solucion|instrucciones|criterios|respuesta|texto|buscar|fijarte",
  pt: "notas|solucao|instrucoes|criterios|resposta|texto|procurar|gabarito",
  it: "note|appunti|soluzione|istruzioni|criteri|risposta|testo|cercare",
  nl: "aantekeningen|notities|oplossing|instructies|criteria|antwoord|tekst|letten",
  pl: "notatki|rozwiazanie|instrukcje|kryteria|odpowiedz|tekst|zwracac",
  sv: "anteckningar|losning|instruktioner|kriterier|svar|text",
  ru: "заметк*|решени*|инструкци*|критери*|ответ*|текст*|искать|смотреть",
  uk: "нотатк*|розв'язок|інструкці*|критері*|відповід*|текст*",
  tr: "not*|cozum*|talimat*|kriter*|cevap*|metin*",
  id: "catatan|solusi|instruksi|kriteria|jawaban|teks",
  el: "σημειωσεις|λυση|οδηγιες|κριτηρια|απαντηση",
  ar: "ملاحظات|الحل|تعليمات|معايير|الاجابه|النص",
  fa: "یادداشت*|راه_?حل|دستورالعمل*|معیار*|پاسخ|متن",
  hi: "नोट्स|हल|निर्देश|मानदंड|उत्तर",
  zh: "说明|說明|指示|答案|笔记|筆記|标准|標準|资料|資料|要点|要點",
  ja: "メモ|指示|答え|解答|基準|資料",
  ko: "메모|지침|답안|기준|자료",
};
const MATERIALS = compileClass(MATERIALS_WORDS);

/** Something to be handed over or told: a request, a question, or a place in the feedback. */
const ASKS_WORDS: WordClass = {
  en: "paste|copy|include|share|show|send|tell_me|let_me_know|quote|reproduce|put|add|attach|list|post|write_(out|down)|what|which|how|could_you|can_you|would_you|please|maybe",
  de: "was|welche*|wie|bitte|zeig*|kopier*|schreib*|fug*_ein|feedback|ware|waere",
  fr: "comment|quel*|qu'est-ce|quoi|collez|copiez|incluez|montrez|indiquez|dites|pourriez|merci_de|commentaire",
  es: "que|cual*|como|pega*|copia*|incluye*|dime|comparte*|podrias|por_favor|serviria|comentario",
  pt: "o_que|qual|quais|como|inclua|cole|copie|mostre|diga|compartilhe|comentario|por_favor",
  it: "cosa|che_cosa|quale|quali|come|incolla|copia|includi|mostra|dimmi|per_favore|commento",
  nl: "wat|welke|hoe|plak|kopieer|laat_\\p{L}+_zien|vertel|deel|alsjeblieft|feedback",
  pl: "co|jak*|ktor*|wklej|skopiuj|pokaz|napisz|podaj|prosze",
  sv: "vad|vilk*|hur|klistra|kopiera|visa|beratta",
  ru: "что|какие|какой|как|вставьте|скопируйте|покажите|напишите|расскажите|поделитесь|пожалуйста",
  uk: "що|які|який|як|вставте|скопіюйте|покажіть|напишіть|будь_ласка",
  tr: "ne|neler|hangi|nasil|yapistir*|paylas*|goster*|yaz*|lutfen",
  id: "apa|bagaimana|tempelkan|salin|tunjukkan|bagikan|tolong",
  el: "τι|ποια|πως|επικολλ*|δειξτε|παρακαλω",
  ar: "ما|ماذا|كيف|الصق|انسخ|شارك|اعرض|اخبرني|من_فضلك",
  fa: "چه|چی|چطور|کپی|بگذار*|نشان|بگو*|لطفا",
  hi: "क्या|कैसे|बताइए|बताओ|दिखाइए|कृपया",
  zh: "什么|什麼|怎么|怎麼|贴|貼|复制|複製|告诉|告訴|分享|发给|發給|请|請|助かり",
  ja: "貼って|教えて|見せて|共有|助かります|何|どう|ください",
  ko: "붙여|보여|알려|공유|무엇|뭐|어떻게",
};
const ASKS = compileClass(ASKS_WORDS);
const QUESTION_MARK = /[?？؟]/u;

/** A single classmate or peer, whose result is asked for. */
const PEER_WORDS: WordClass = {
  en: "my_(classmate|friend|neighbou?r|deskmate|lab_partner|partner|mate|buddy|roommate)|(the_)?(student|person|guy|girl|kid)_(who_(answered|went|submitted|sat)|next_to_me|before_me|after_me)",
  de: "mein*_(mitschuler*|freund*|banknachbar*|sitznachbar*|kommiliton*)",
  fr: "mon_(camarade|voisin|ami)|ma_(camarade|voisine|amie)|l'eleve_(qui|d'a_cote)",
  es: "mi_(companer[oa]|amig[oa]|vecin[oa])|el_(alumno|estudiante)_que",
  pt: "meu_(colega|amigo)|minha_(colega|amiga)|o_aluno_que",
  it: "il_mio_(compagno|amico|vicino)|la_mia_(compagna|amica|vicina)|lo_studente_che",
  nl: "mijn_(klasgeno(o|t)*|vriend*|buurman|buurvrouw)",
  pl: "(moj|moja|mojego|mojej)_(koleg*|przyjaciel*|sasiad*)",
  sv: "min_(klasskamrat|kompis|van|bankgranne)",
  ru: "мо(й|я|его|ей)_(одноклассни*|сосед*|друг*|подруг*)",
  uk: "мо(ї|є|го|єї|й|я)_(однокласни*|сусід*|друг*)",
  tr: "sinif_arkadasim*|arkadasim*|sira_arkadasim*",
  id: "teman_(sekelas_)?saya|temanku",
  el: "ο_συμμαθητ*_μου|η_συμμαθητρια_μου|ο_φιλος_μου",
  ar: "زميلي|زميلتي|صديقي|صديقتي|الطالب_الذي",
  fa: "همکلاسی_?ام|همکلاسیم|دوستم|بغل_?دستی_?ام",
  hi: "मेरे_(सहपाठी|दोस्त|मित्र)",
  zh: "我(的)?(同桌|同学|同學|朋友|室友)",
  ja: "(私の)?(クラスメート|友達|隣の人|隣の席)",
  ko: "(제|내)_(친구|짝|반_친구)",
};
const PEER = compileClass(PEER_WORDS);

/** A result obtained ("what did … get", «حصل عليه», «得了几分»). */
const GOT_WORDS: WordClass = {
  en: "get|got|gotten|score|scored|receive|received|earn|earned|mark|grade|result|results",
  de: "bekommen|bekam|erhalten|note|punkte|ergebnis",
  fr: "obtenu|eu|note|resultat",
  es: "saco|sacado|obtuvo|obtenido|nota|resultado|calificacion",
  pt: "tirou|obteve|recebeu|nota|resultado",
  it: "preso|ottenuto|voto|risultato",
  nl: "kreeg|gekregen|cijfer|score|resultaat",
  pl: "dostal*|otrzymal*|ocen*|wynik*",
  sv: "fick|betyg|resultat|poang",
  ru: "получил*|оценк*|балл*|результат*",
  uk: "отримал*|оцінк*|бал*",
  tr: "aldi*|not*|puan*",
  id: "dapat|nilai|skor",
  el: "πηρε|βαθμο*",
  ar: "حصل*|درجه|علامه|نتيجه",
  fa: "گرفت*|نمره*",
  hi: "मिले|मिला|अंक",
  zh: "得了|拿了|几分|幾分|分数|分數|成绩|成績",
  ja: "点数|何点|成績|取った",
  ko: "몇_?점|점수|받았",
};
const GOT = compileClass(GOT_WORDS);

/** Feedback restated per item: every sentence, term or word of the answer, in several forms. */
const EVERY_ITEM_WORDS: WordClass = {
  en: "(every|each)_(single_)?(sentence|term|word|line|clause|concept|technical_term|paragraph|phrase|statement)",
  de: "(jeden|jede|jedes|jeder)_(einzelnen?_)?(satz|fachbegriff|begriff|wort|zeile|absatz|aussage)",
  fr: "(chaque|toutes?_les)_(phrases?|termes?|mots?|lignes?|notions?)",
  es: "(cada|todas?_las|todos_los)_(frases?|terminos?|palabras?|lineas?|oraciones?|conceptos?)",
  pt: "(cada|todas?_as|todos_os)_(frases?|termos?|palavras?|linhas?|conceitos?)",
  it: "(ogni|ciascun[ao]?|tutte_le|tutti_i)_(fras[ei]|termin[ei]|parol[ae]|righe?|riga|concett[oi])",
  nl: "(elke|iedere|elk|ieder)_(zin|term|begrip|woord|regel|alinea)",
  pl: "(kazde|kazdy|kazda)_(zdanie|termin|pojecie|slowo|linijk*)",
  sv: "(varje|varenda)_(mening|term|begrepp|ord|rad)",
  ru: "(каждое|каждый|каждую|все)_(предложени*|термин*|слов*|строк*|поняти*)",
  uk: "(кожне|кожен|кожну|кожний)_(речення|термін|слово|рядок|поняття)",
  tr: "(her|tum)_(cumle|terim|kelime|satir|kavram)*",
  id: "(setiap|tiap)_(kalimat|istilah|kata|baris)",
  el: "(καθε)_(προταση|ορο|λεξη|γραμμη)",
  ar: "كل_(جمله|مصطلح|كلمه|سطر)",
  fa: "هر_(جمله|اصطلاح|واژه|کلمه|سطر)",
  hi: "हर_(वाक्य|शब्द|पद)|प्रत्येक_(वाक्य|शब्द|पद)",
  zh: "每(一)?(句|个术语|個術語|个词|個詞|个概念|個概念|行)",
  ja: "(すべての|全ての|各)(文|用語|単語|行)",
  ko: "(모든|각)_(문장|용어|단어)",
};
const EVERY_ITEM = compileClass(EVERY_ITEM_WORDS);

/** Restating or explaining again: the verb that multiplies an item. */
const RESTATE_WORDS: WordClass = {
  en: "restate|rewrite|rephrase|re-?explain|explain|retell|translate|recast|render|reword|turn|paraphrase|illustrate",
  de: "erklar*|umformulier*|neu_schreib*|formulier*|ubersetz*|beleucht*|darstell*",
  fr: "reformul*|reecri*|expliqu*|tradui*",
  es: "reformul*|reescrib*|explic*|traduc*",
  pt: "reformul*|reescrev*|explic*|traduz*",
  it: "riformul*|riscriv*|spieg*|tradu*",
  nl: "herformuleer|herschrijf|leg_\\p{L}+_uit|uitleggen|vertaal",
  pl: "przeformuluj|przepisz|wyjasnij|objasnij|przetlumacz",
  sv: "omformulera|skriv_om|forklara|oversatt",
  ru: "перефразир*|перепиш*|объясн*|переведи*|переформулир*",
  uk: "перефразу*|перепиш*|поясн*|переклад*",
  tr: "yeniden_yaz*|acikla*|cevir*",
  id: "tulis_ulang|jelaskan|terjemahkan|ungkapkan",
  el: "αναδιατυπωσ*|ξαναγραψ*|εξηγησ*",
  ar: "اعد_صياغه|اشرح|ترجم",
  fa: "بازنویسی|توضیح_بده|ترجمه",
  hi: "दोबारा_लिखें|समझाएं|समझाइए|अनुवाद",
  zh: "改写|改寫|重写|重寫|解释|解釋|翻译|翻譯|重述",
  ja: "書き直|言い換え|説明し|翻訳",
  ko: "다시_?써|바꿔_?써|설명해|번역",
};
const RESTATE = compileClass(RESTATE_WORDS);

/** The forms or angles an item is multiplied into: "as a limerick, a haiku and a sonnet", "viewpoints". */
const FORMS_WORDS: WordClass = {
  en: "limerick|haiku|sonnet|poem|poems|rap|song|ballad|acrostic|viewpoints?|perspectives?|angles|points_of_view|styles",
  de: "gedicht*|haiku|sonett|limerick|blickwinkel*|perspektiven|sichtweisen",
  fr: "poeme*|haiku|sonnet|points_de_vue|perspectives",
  es: "poema*|haiku|soneto|puntos_de_vista|perspectivas",
  pt: "poema*|haicai|soneto|pontos_de_vista|perspectivas",
  it: "poesi*|haiku|sonetto|punti_di_vista|prospettive",
  nl: "gedicht*|haiku|sonnet|invalshoeken|perspectieven",
  pl: "wiersz*|haiku|sonet*|punkt*_widzenia|perspektyw*",
  sv: "dikt*|haiku|sonett|perspektiv",
  ru: "стих*|хайку|сонет*|точ*_зрения|ракурс*",
  uk: "вірш*|хайку|сонет*|точ*_зору",
  tr: "siir*|haiku|sone|bakis_acis*",
  id: "puisi|haiku|soneta|sudut_pandang",
  el: "ποιημα*|χαικου|σονετο|οπτικ*",
  ar: "قصيده|قصائد|هايكو|سوناتا|وجهات_نظر|زوايا",
  fa: "شعر|هایکو|غزل|دیدگاه*|زاویه*",
  hi: "कविता|हाइकु|दृष्टिकोण",
  zh: "诗|詩|俳句|十四行|角度|视角|視角",
  ja: "詩|俳句|ソネット|視点|観点",
  ko: "시|하이쿠|소네트|관점|시각",
};
const FORMS = compileClass(FORMS_WORDS);

/** A word written out some number of times: "N times", «mal», «fois», «veces», «раз», «次», «回». */
const TIMES_WORDS: WordClass = {
  en: "times",
  de: "mal",
  fr: "fois",
  es: "veces",
  pt: "vezes",
  it: "volte",
  nl: "keer|maal",
  pl: "razy",
  sv: "ganger",
  ru: "раз",
  uk: "разів",
  tr: "kez|defa",
  id: "kali",
  el: "φορες",
  ar: "مره|مرات",
  fa: "بار",
  hi: "बार",
  zh: "次|遍",
  ja: "回",
  ko: "번",
};
const TIMES = compileClass(TIMES_WORDS);

/** Writing or saying a word out. */
const WRITE_OUT_WORDS: WordClass = {
  en: "writ(e|ing)|print(ing)?|typ(e|ing)|say(ing)?|output(ting)?|repeat(ing)?|add(ing)?|put(ting)?|list(ing)?|spell(ing)?|copy(ing)?",
  de: "schreib*|wiederhol*|druck*|ausgeb*|gib",
  fr: "ecri*|repet*|imprim*|tape*",
  es: "escrib*|repit*|imprim*",
  pt: "escrev*|repit*|imprim*",
  it: "scriv*|ripet*|stamp*",
  nl: "schrijf|schrijven|herhaal|typ",
  pl: "napisz|pisz|powtorz|wypisz",
  sv: "skriv|upprepa",
  ru: "напиш*|пиши*|повтор*|выведи*",
  uk: "напиш*|повтор*",
  tr: "yaz*|tekrarla*",
  id: "tulis*|ulangi",
  el: "γραψ*|επαναλαβ*",
  ar: "اكتب*|كرر*",
  fa: "بنویس*|تکرار",
  hi: "लिखें|लिखो|दोहराएं",
  zh: "写|寫|重复|重複|打印",
  ja: "書いて|繰り返|書き",
  ko: "써|반복",
};
const WRITE_OUT = compileClass(WRITE_OUT_WORDS);

/** Pretending, role-play: the grader asked to become someone else. */
const PRETEND_WORDS: WordClass = {
  en: "pretend_(you('re|_are)|to_be)|act_as|act_like|play_the_(role|part)_of|imagine_(you('re|_are))|role-?play_as|you_are_now|be_my",
  de: "tu_so,?_als|stell_dir_vor,?_du_(bist|warst)|spiel*_die_rolle|du_bist_jetzt|sei_mein*",
  fr: "fais_comme_si|faites_comme_si|imagine_que_tu_es|joue_le_role|tu_es_maintenant|sois_mon",
  es: "finge_que|finja_que|haz_como_si|imagina_que_eres|actua_como|eres_ahora|se_mi",
  pt: "finja_que|finge_que|imagine_que_voce_e|aja_como|faca_de_conta",
  it: "fai_finta_di|fingi_di|immagina_di_essere|comportati_come|sei_ora",
  nl: "doe_alsof|stel_je_voor_dat_je|speel_de_rol",
  pl: "udawaj,?_ze|wyobraz_sobie,?_ze_jestes|zachowuj_sie_jak",
  sv: "latsas_att|tank_dig_att_du_ar",
  ru: "представь*,?_что_(ты|вы)|притворись|притворитесь|сыграй*_роль|веди_себя_как",
  uk: "уяви*,?_що_(ти|ви)|вдавай*|зіграй_роль",
  tr: "gibi_davran|rolune_gir|oldugunu_hayal_et",
  id: "berpura-?pura|bayangkan_kamu|berperan_sebagai",
  el: "προσποιησου|φαντασου_οτι_εισαι",
  ar: "تظاهر|تخيل_انك|تقمص",
  fa: "وانمود_کن|تصور_کن_که|نقش_\\p{L}+_را_بازی",
  hi: "मान_लो_कि|नाटक_करो|की_भूमिका",
  zh: "假装|假裝|扮演|想象你是|想像你是",
  ja: "(の)?ふりをして|なりきって|役を演じ",
  ko: "척(해|하)|역할을",
  // Round 30: languages the persona request lacked.
  tl: "magpanggap_(kang|ka|kayo)|magkunwari(_kang|_ka)?|kunwari_(ikaw|ka)|gumanap_(kang_)?bilang|isipin_mong_ikaw",
  ms: "berpura-?pura|bayangkan_(anda|awak)|bertindak_sebagai|berlakon_sebagai",
  sw: "jifanye|jifanya|chukua_nafasi_ya|fikiria_(kwamba_)?wewe_ni|igiza_kama",
  vi: "gia_vo|hay_dong_vai|dong_vai|tuong_tuong_(ban|minh)_la",
  da: "lad_som_om|lad_som_at|forestil_dig_at_du_er|spil_rollen",
  no: "lat_som|late_som|forestill_deg_at_du_er|spill_rollen",
  ro: "prefa-te|pretinde_ca_esti|imagineaza-ti_ca_esti|joaca_rolul",
  cs: "predstirej|predstirejte|predstav_si,?_ze_jsi|hraj_roli|zahraj_si_na",
  hu: "tegyel_ugy,?_mintha|kepzeld_el,?_hogy|jatszd_el",
};
const PRETEND = compileClass(PRETEND_WORDS);

/** Always, never: a persona's habit. */
const ALWAYS_WORDS: WordClass = {
  en: "always|never|every_time|no_matter_what",
  de: "immer|nie|niemals|jedes_mal",
  fr: "toujours|jamais|a_chaque_fois",
  es: "siempre|nunca|cada_vez",
  pt: "sempre|nunca|toda_vez",
  it: "sempre|mai|ogni_volta",
  nl: "altijd|nooit",
  pl: "zawsze|nigdy",
  sv: "alltid|aldrig",
  ru: "всегда|никогда",
  uk: "завжди|ніколи",
  tr: "her_zaman|hep|asla",
  id: "selalu|tidak_pernah",
  el: "παντα|ποτε",
  ar: "دائما|ابدا",
  fa: "همیشه|هرگز",
  hi: "हमेशा|कभी_नहीं",
  zh: "总是|總是|从不|從不|永远|永遠",
  ja: "いつも|必ず",
  ko: "항상|언제나",
  tl: "laging|palaging|lagi|palagi|kailanman",
  ms: "sentiasa|selalu",
  sw: "kila_mara|daima|siku_zote",
  vi: "luon_luon|luon|khong_bao_gio",
  da: "altid|aldrig",
  no: "alltid|aldri",
  ro: "mereu|intotdeauna|niciodata",
  cs: "vzdy|nikdy",
  hu: "mindig|soha",
};
const ALWAYS = compileClass(ALWAYS_WORDS);

/** A top grade named by a number or percentage, beside the classes' words. */
const TOP_NUMBER = new RegExp(
  String.raw`(?<![\p{N}.,])100\s?%|(?<![\p{N}.,/])(${TOP_OF_A_SCALE})\s?\/\s?\1(?![\p{N}])|\ba\+`,
  "u",
);

// ---------------------------------------------------------------------------------------------------------
// Gate: the rules read a text only when it speaks of grading (word classes the other detectors have
// already scanned, so asking costs a binary search), or holds one of the stems of the signals that need no
// grading word (a strike, a classmate, a role, a count of times, a poem per item, what the grader was
// handed, a note to a marker named in words those classes lack). About 6% of real answers pass.

/** Classes every answer is scanned for by the other detectors (screen-text.ts keeps their matches). */
const SPOKEN_OF_GRADING: readonly CompiledClass[] = [
  GRADER,
  GRADE_ACT,
  REVIEWED,
  REVIEWED_WITH_OUTCOME,
  TOP_OUTCOME,
  DRAFT,
  GRADING_DOCUMENT,
  NEW_VERSION,
  DESERVES,
  GRADER_NOTE_LABEL,
];

/**
 * Stems of the signals that may stand without a grading word or a "you"; a plain literal alternation. Only
 * tested, so "3-mal" needs one digit: `\d+` was tried from every digit of a run (16,000 digits: 0.27 s).
 */
const OTHER_SIGNS = foldedPattern(
  [
    // times and counts
    String.raw`times|maal|次|fois|veces|vezes|volte|keer|razy|ganger|раз|kez|defa|kali|φορες|مره|مرات|بار|बार|遍|回|번|\bmal\b|\d\s?-?mal`,
    // forms an item is restated in
    String.raw`poem|haiku|sonnet|sonett|sonet|\\bsone\\b|سوناتا|غزل|\\brap\\b|\\bsong|angles|styles|perspektiv|perspectie|points de vue|시|limerick|ballad|acrostic|viewpoint|perspectiv|points of view|gedicht|blickwinkel|sichtweise|poeme|point de vue|poema|puntos de vista|haicai|soneto|pontos de vista|poesi|punti di vista|prospettiv|invalshoek|wiersz|punkt widzenia|perspektyw|dikt|стих|хайку|сонет|зрения|ракурс|вірш|зору|siir|bakis|puisi|sudut pandang|ποιημα|χαικου|σονετο|οπτικ|قصيد|هايكو|وجهات|زوايا|شعر|هایکو|دیدگاه|زاویه|कविता|हाइकु|दृष्टिकोण|诗|詩|俳句|十四行|角度|视角|視角|視点|観点|ソネット|하이쿠|소네트|관점`,
    // strikes and retractions
    String.raw`ignore|disregard|strike|cross|delete|scrap|not count|t count|counts only|only counts|this counts|is void|are void|invalid|remove|streich|zahlt nicht|zahlt nur|gilt nicht|gehort nicht|loesch|losch|compte|barrez|rayez|supprim|efface|oubliez|borra|tacha|cuenta|no vale|elimina|quita|apag|risc|non conta|nao conta|conta solo|nao vale|tolt|cancell|togli|telt|schrap|vergeet|wykresl|skresl|liczy|pomin|usun|stryk|raknas|glom|учитыва|надо|нужно|вычеркн|игнорир|забудьте|удалите|враховув|викресл|ігнор|sayilmaz|saymayin|dikkate|silin|abaikan|coret|dihitung|hapus|αγνοηστε|διαγραψτε|μετρα|σβηστε|تجاهل|احذف|تحتسب|يحتسب|اشطب|نادیده|حذف|خط بزنید|حساب|अनदेखा|हटा|गिनती|काट|不算|忽略|删掉|刪掉|划掉|劃掉|作废|作廢|不要看|别管|無視|消して|取り消|数えない|カウント|含めない|무시|지워|삭제|세지`,
    // classmates and peers
    String.raw`classmate|deskmate|partner|my friend|my neighbo|my mate|buddy|roommate|before me|after me|next to me|who answered|who went|who submitted|who sat|meinen freund|meiner freundin|l'eleve qui|l'eleve d'a cote|alumno que|estudiante que|aluno que|studente che|min van|mitschuler|mein freund|meine freundin|meinem freund|nachbar|kommiliton|camarade|voisin|mon ami|mon amie|compan|amig|vecin|colega|compagn|mio amico|mia amica|vicin|klasgeno|vriend|buurman|buurvrouw|koleg|przyjaciel|sasiad|klasskamrat|kompis|bankgranne|одноклассни|сосед|друг|подруг|однокласни|сусід|arkadas|teman|συμμαθητ|φιλος|زميل|صديق|الطالب الذي|همکلاسی|دوستم|بغل|सहपाठी|दोस्त|मित्र|同桌|同学|同學|朋友|室友|クラスメート|友達|隣の|친구|짝`,
    // what the grader was handed
    String.raw`handed|were given|been given|you got|you were|you've been|you have been|were you|gave you|sent you|showed you|you received|laut |bekommen hast|erhalten hast|bekommen haben|erhalten haben|as recu|avez recu|han dado|recibiste|has recibido|recebeu|sono stati|sono state|e stato dato|e stata data|ti hanno|vi hanno|hai ricevuto|gegeven|gestuurd|verteld|podano|gett dig|gett er|получил|отримал|terima|dapatkan|duoc giao|duoc gui|duoc dua|nhan duoc|ارسلوا|دریافت|得到|给您|給您|送られ|전달된|told|supplied|instructed|gegeben|geschickt|gesagt|a-t-on|t'a |vous a |dieron|indicaron|pasaron|dijeron|mandaron|entregaron|indicado|deram|passaram|disseram|indicaram|hanno|stato|stata|gekregen|ontvangen|otrzymal|dostal|dano|przekazano|fick|fatt|gavs|дали|сказали|прислали|передали|велели|видали|надіслали|verilen|gonderilen|soylenen|diberikan|dikirim|εδωσαν|δοθηκ|ειπαν|اعطيت|أعطيت|اعطوك|قيل لك|تلقيت|داده|گفته|दिए|बताया|收到|拿到|给你|給你|受け取|渡され|与えられ|받은|주어진`,
    // roles
    String.raw`pretend|act as|act like|role|play the|you are now|be my|imagine|tu so|stell dir vor|du bist jetzt|sei mein|comme si|joue le|sois mon|finge|finja|haz como|actua como|aja como|faca de conta|fai finta|fingi|comportati|doe alsof|stel je voor|speel de|udawaj|wyobraz|zachowuj|latsas|tank dig|представь|притвор|сыграй|веди себя|уяви|вдава|зіграй|davran|rolune|hayal|pura|bayangkan|berperan|προσποιησου|φαντασου|تظاهر|تخيل|تقمص|وانمود|تصور کن|نقش|मान लो|नाटक|भूमिका|假装|假裝|扮演|想象你|想像你|ふり|なりきって|役を|척|역할`,
    // marked already, in words the shared classes lack
    String.raw`pre-|already been|already marked|already graded|already approved|already checked|already moderated|already assessed|already scored|already reviewed|bereits|vorab|deja|prealable|previamente|revis|dio por|gia |preventiv|vooraf|reeds|goedgekeurd|nagekeken|beoordeeld|juz|wczesniej|redan|forvag|уже|заранее|предварительно|вже|заздалег|попередньо|zaten|onceden|sudah|telah|da duoc|ηδη|προηγουμενως|مسبقا|سابقا|تم تصحيح|تم تقييم|قبلا|از قبل|पहले|已经|已經|既に|すでに|事前に|済|이미|사전에`,
    // the marking named in languages and words the shared classes lack
    String.raw`correction|correcteur|correctrice|notation|evaluat|evaluac|evaluad|valutazion|valutator|beoordel|nakijk|egzamin|sprawdz|bedom|ratt|βαθμολογ|εξεταστ|διορθωτ|перевір|оцін|екзамен|expert|second reader|reader|gutacht|urteil|zweitkorrektur|meinung|avis|dictamen|parecer|parere|giudizio|oordeel|opinia|экспертн|заключени|висновок|专家|專家|复核|複核|専門家|전문가|الخبير|کارشناس|متخصص`,
    // a word of the answer pointed at
    String.raw`sentence|paragraph|statement|that line|this line|the line before|the line above|that part|this part|that bit|from here|davor|ab hier|den satz|der satz|dieser satz|diesen satz|ersten satz|vorigen satz|zeile|absatz|phrase|ligne|d'ici|frase|oracion|aqui|daqui|qui in|zin |zdanie|miejsca|meningen|предложени|строк|черновик|отсюда|речення|рядок|чернетк|звідси|cumle|buradan|kalimat|sini|προταση|γραμμη|εδω|الجمله|السطر|هنا|جمله|اینجا|वाक्य|पंक्ति|यहाँ|句|这里|這裡|以下|文|ここから|문장|여기`,
  ].join("|"),
);

/** The cues one of which every rule needs (MARKING_ASIDE_CUES, compiled). */
const CUE_CLASSES: readonly CompiledClass[] = [
  TO_THE_MARKING,
  ASSESSMENT_LABEL,
  MARKED_BEFORE,
  POINTER,
  JUDGE_THIS,
  GIVEN_TO_YOU,
  PEER,
  EVERY_ITEM,
  TIMES,
  PRETEND,
];

/**
 * Whether the rules may read the text at all: it speaks of grading, or holds a stem of OTHER_SIGNS (arrows
 * are tested apart). Every word of the cue classes (MARKING_ASIDE_CUES) passes it on its own; a test holds
 * the stems to the classes, so that a word added to a class cannot be skipped by the gate.
 */
export function passesGate(text: ScreenText): boolean {
  const whole: TextRange = [0, text.lower.length];
  return (
    SPOKEN_OF_GRADING.some((wordClass) => has(text, whole, wordClass)) ||
    OTHER_SIGNS.test(text.lower) ||
    // The stems above were written by hand and lag the classes (the gate test found German «Hinweis zur
    // Korrektur», «jeder einzelne Satz», Arabic «كل سطر» … skipped): the cue classes themselves, each behind
    // its own literal prefilter (a class whose literals the text lacks costs a few bit tests), close the gap.
    CUE_CLASSES.some((cue) => has(text, whole, cue))
  );
}

// ---------------------------------------------------------------------------------------------------------
// Rules

function windowOf(text: ScreenText, index: number, after: number): TextRange {
  const last = Math.min(text.sentences.length - 1, index + after);
  return [text.sentences[index]![0], text.sentences[last]![1]];
}

/** A note to the marking, or a set-off assessment label, that carries a verdict or asks to concur. */
function verdictNote(text: ScreenText, present: ReadonlySet<unknown>): LocatedFinding | null {
  if (!present.has(TO_THE_MARKING) && !present.has(ASSESSMENT_LABEL)) return null;
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const address = present.has(TO_THE_MARKING) ? matchIn(text, sentence, TO_THE_MARKING) : null;
    const label = address === null && present.has(ASSESSMENT_LABEL) ? labelIn(text, sentence) : null;
    const cue = address ?? label;
    if (!cue) continue;
    // A note runs on for a few sentences after its address ("To the marker: … Anything below …").
    const note = windowOf(text, index, 3);
    const verdict =
      has(text, note, VERDICT) ||
      has(text, note, CONCUR) ||
      (label !== null && (has(text, note, PRAISE) || has(text, note, TOP_OUTCOME)));
    if (verdict) {
      return findingAt(
        text,
        "grader_address",
        "A note to the marking carries a verdict on the answer or asks the grader to concur with one.",
        cue.start,
      );
    }
  }
  return null;
}

/** An assessment label set off as a note: at a line start or after a bracket, followed by a colon. */
function labelIn(text: ScreenText, sentence: TextRange): { start: number; end: number } | null {
  const found = matchIn(text, sentence, ASSESSMENT_LABEL);
  if (!found) return null;
  const before = text.lower.slice(Math.max(0, found.start - 3), found.start);
  const setOff = found.start === 0 || /(?:^|[\n([\-*•])\s*$/u.test(before);
  const after = text.lower.slice(found.end, Math.min(text.lower.length, found.end + 80));
  // "Expert assessment (second reader):", "Reviewer's comment, economics dept.:" — a qualifier may follow.
  return setOff && /^\s*(?:\([^()\n]{0,70}\)\s*|,[^:：\n]{0,50})?[:：—–-]/u.test(after) ? found : null;
}

/** A top outcome, a verdict or a top mark as a number ("10/10", "100%") in the range. */
function namesTopGrade(text: ScreenText, range: TextRange): boolean {
  return has(text, range, TOP_OUTCOME) || has(text, range, VERDICT) || TOP_NUMBER.test(sliceOf(text, range));
}

/** This text said to be marked, approved or moderated already, with a top outcome or a plea to confirm. */
function priorMarking(text: ScreenText, present: ReadonlySet<unknown>): LocatedFinding | null {
  if (!present.has(MARKED_BEFORE)) return null;
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const marked = matchIn(text, sentence, MARKED_BEFORE);
    if (!marked) continue;
    const claim = windowOf(text, index, 1);
    const outcome = namesTopGrade(text, sentence);
    if (outcome && has(text, claim, CONCUR)) return priorFinding(text, marked.start);
    // Without a plea to confirm, the claim must open the text's own aside: a bracketed or labelled note,
    // or a note that points at this text ("this answer", «deze uitwerking», «este texto»).
    if (outcome && (setOffNote(text, sentence) || THIS_TEXT.test(sliceOf(text, sentence)))) {
      return priorFinding(text, marked.start);
    }
  }
  return null;
}

function priorFinding(text: ScreenText, start: number): LocatedFinding {
  return findingAt(
    text,
    "grading_meta_talk",
    "The answer claims it was already marked with a top outcome, which asks the grader to confirm it.",
    start,
  );
}

/** This very text, as the writer of an aside points at it. */
const THIS_TEXT = foldedPattern(
  String.raw`(?:^|[^\p{L}])(?:this|these|dies(?:e|er|es)?|cette|ce|este|esta|esse|essa|questo|questa|deze|dit|ten|ta|to|этот|эта|это|цей|ця|це|bu|ini|αυτ\p{L}*|denna|detta|den\s+har)\s+(?:\p{L}+\s+)?(?:answer|response|submission|text|work|essay|proof|copy|solution|piece|paper|antwort|abgabe|text|arbeit|losung|aufsatz|reponse|copie|texte|devoir|respuesta|texto|trabajo|resposta|trabalho|risposta|testo|elaborato|uitwerking|antwoord|tekst|werkstuk|odpowiedz\p{L}*|tekst|praca|ответ|текст|работа|відповідь|робота|cevap\p{L}*|metin|jawaban|tulisan|απαντηση|κειμενο|svar|texten)(?![\p{L}])|هذه\s+الاجابه|هذا\s+النص|این\s+(پاسخ|متن)|この(解答|回答|答案|文章)|本(答案|解答)|这(个|份|篇|段)(答案|解答|回答|文字)|這(個|份|篇|段)(答案|解答|回答|文字)|이\s+(답안|답변|글)`,
);

function sliceOf(text: ScreenText, [start, end]: TextRange): string {
  return text.lower.slice(start, end);
}

/** A sentence that opens a set-off note: in brackets, after "P.S.", "Note:", "※", or a label and a colon. */
function setOffNote(text: ScreenText, [start, end]: TextRange): boolean {
  const opening = text.lower.slice(Math.max(0, start - 2), Math.min(end, start + 40));
  return (
    /^(?:[\s\n]*)?[[(（【※*]/u.test(opening.trimStart()) ||
    /^[^.!?\n]{0,30}[:：]/u.test(text.lower.slice(start, end))
  );
}

/** An arrow pointing back at a line ("… <- wrong, ignore"). */
const ARROW = /<-+|←/u;
const ARROWS = /<-+|←/gu;

/**
 * An arrow is a pointer only when its annotation strikes what it points at ("<- ignore this"): in a
 * routing table, "drop <- shortest path is direct" explains a line, it does not retract it.
 */
function arrowStrike(text: ScreenText, [start, end]: TextRange): { start: number; end: number } | null {
  ARROWS.lastIndex = start;
  for (let found = ARROWS.exec(text.lower); found && found.index < end; found = ARROWS.exec(text.lower)) {
    const after = found.index + found[0].length;
    if (has(text, [after, Math.min(end, after + 30)], STRUCK)) return { start: found.index, end: after };
  }
  return null;
}

/** A part of the answer pointed at and struck out, or named the only part to judge. */
function pointerRetraction(text: ScreenText, present: ReadonlySet<unknown>): LocatedFinding | null {
  const pointers = present.has(POINTER);
  const judges = present.has(JUDGE_THIS);
  const arrows = present.has(ARROW);
  if (!pointers && !judges && !arrows) return null;
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const window = windowOf(text, index, 1);
    const pointer =
      (pointers ? matchIn(text, sentence, POINTER) : null) ?? (arrows ? arrowStrike(text, sentence) : null);
    const struck = pointer ? matchIn(text, window, STRUCK) : null;
    if (
      pointer &&
      struck &&
      !NARRATED.test(text.lower.slice(Math.max(0, struck.start - 24), struck.start)) &&
      (has(text, window, JUDGE_THIS) || retractionMark(text, window))
    ) {
      return retractionFinding(text, pointer.start);
    }
    const judge = judges ? matchIn(text, sentence, JUDGE_THIS) : null;
    if (judge && (pointer !== null || has(text, sentence, STRUCK) || retractionMark(text, sentence))) {
      return retractionFinding(text, judge.start);
    }
  }
  return null;
}

/**
 * A strike told as something done ("so I ignored that line", «ich habe … gestrichen»): a report, not an
 * instruction to the grader.
 */
const NARRATED = foldedPattern(
  String.raw`(?:^|[^\p{L}])(?:i|we|ich|wir|je|j'ai|nous|yo|io|eu|ik|wij|jag|vi)\s+(?:\p{L}+\s+)?$`,
);

/** Signs of a take-back beside the pointer: "wrong", "no", "oops", «falsch», «źle», «стоп» (words, not arrows). */
const RETRACTION_MARK = foldedPattern(
  String.raw`(?:^|[^\p{L}])(?:wrong|no|nope|oops|hmm|scratch|mistake|falsch|nee|nein|quatsch|faux|non|erreur|mal|error|errore|sbagliat\p{L}*|errado|fout|nee|zle|źle|blad|стоп|нет|ошибк\p{L}*|неправильно|ні|помилк\p{L}*|hayir|yanlis|salah|λαθος|fel|nej|خطا|لا|غلط|اشتباه|नहीं|गलत)(?![\p{L}])|不对|不對|違う|違います|아니`,
);

function retractionMark(text: ScreenText, range: TextRange): boolean {
  return RETRACTION_MARK.test(sliceOf(text, range));
}

function retractionFinding(text: ScreenText, start: number): LocatedFinding {
  return findingAt(
    text,
    "grading_meta_talk",
    "The answer strikes out a part of itself or names the only part to judge, which tells the grader what to grade.",
    start,
  );
}

/** The grader's own materials, or a classmate's result, asked for. */
function materialsRequest(text: ScreenText, present: ReadonlySet<unknown>): LocatedFinding | null {
  if (!present.has(GIVEN_TO_YOU) && !present.has(PEER)) return null;
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const asked = has(text, sentence, ASKS) || QUESTION_MARK.test(sliceOf(text, sentence));
    if (!asked) continue;
    const given = present.has(GIVEN_TO_YOU) ? matchIn(text, sentence, GIVEN_TO_YOU) : null;
    if (given && has(text, sentence, MATERIALS)) {
      return findingAt(
        text,
        "prompt_extraction",
        "The answer asks for what the grader was given to mark with, which asks it to reveal its materials.",
        given.start,
      );
    }
    const peer = present.has(PEER) ? matchIn(text, sentence, PEER) : null;
    if (peer && has(text, sentence, GOT) && QUESTION_MARK.test(sliceOf(text, sentence))) {
      return findingAt(
        text,
        "prompt_extraction",
        "The answer asks what another student scored, which asks the grader to reveal others' data.",
        peer.start,
      );
    }
  }
  return null;
}

/** Every item of the answer restated in several forms, or a word written out hundreds of times. */
function feedbackAmplification(text: ScreenText, present: ReadonlySet<unknown>): LocatedFinding | null {
  if (present.has(EVERY_ITEM)) {
    for (const sentence of text.sentences) {
      const item = matchIn(text, sentence, EVERY_ITEM);
      if (!item || !has(text, sentence, RESTATE)) continue;
      const forms = countIn(text, sentence, FORMS);
      if (forms >= 2 || (forms === 1 && LARGE_COUNT.test(sliceOf(text, sentence)))) {
        return findingAt(
          text,
          "output_flooding",
          "The answer asks for every item of it to be restated many times over, which floods the feedback.",
          item.start,
        );
      }
    }
  }
  return null;
}

function countIn(text: ScreenText, range: TextRange, wordClass: typeof FORMS): number {
  let count = 0;
  let from = range[0];
  while (from < range[1] && count < 3) {
    const found = matchIn(text, [from, range[1]], wordClass);
    if (!found) break;
    count++;
    from = found.end;
  }
  return count;
}

/** A count of at least five, in digits or in words (ten to thousands). */
const LARGE_COUNT = foldedPattern(
  String.raw`(?<![\p{N}])(?:[5-9]|\d{2,})(?![\p{N}])|(?:^|[^\p{L}])(?:five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|fifty|hundred|thousand|funf|sechs|zehn|zwanzig|drei(?:ss|ß)ig|funfzig|hundert|tausend|cinq|dix|vingt|cinquante|cent|mille|cinco|diez|veinte|cincuenta|cien|mil|dez|vinte|dieci|venti|cento|tien|twintig|honderd|duizend|piec|dziesiec|dwadziescia|sto|пять|десять|двадцать|пятьдесят|сто|тысяч\p{L}*|десяти|двадцати|on|yirmi|elli|yuz|bin|sepuluh|dua\s+puluh|seratus|δεκα|εικοσι|εκατο|عشر\p{L}*|عشرين|مئه|ده|بیست|صد|हज़ार|दस|बीस|tio|tjugo|hundra|tusen)(?![\p{L}])|[十百千万]`,
);

/** A word written out some hundreds of times ("writing the word 'reviewed' ten thousand times"). */
const MANY_TIMES_WORDS = foldedPattern(
  String.raw`(?:^|[^\p{L}\p{N}])(?:\d{3,}|\d{1,3}(?:[ ,.]\d{3})+|(?:a|one|two|three|five|ten|twenty|fifty|several|a\s+few)?\s*(?:hundred|thousand|million)s?|(?:zehn|zwanzig|funfzig)?\s*(?:hundert|tausend)|(?:dix|vingt|cinquante)?\s*(?:cent|mille)|(?:diez|veinte|cincuenta)?\s*(?:cien|mil)|(?:dieci|venti|cinquanta)?\s*(?:cento|mila|mille)|(?:tien|twintig|vijftig)?\s*(?:honderd|duizend)|(?:dziesiec|dwadziescia)?\s*(?:sto|tysiac\p{L}*)|(?:десять|двадцать|пятьдесят)?\s*(?:сто|тысяч\p{L}*)|(?:on|yirmi)?\s*(?:yuz|bin)|(?:sepuluh)?\s*(?:seratus|ribu)|(?:ده|بیست)?\s*(?:صد|هزار)|(?:عشره)?\s*(?:مئه|الف|آلاف)|(?:tio|tjugo)?\s*(?:hundra|tusen))\s*(?:-?\s*)?$`,
);

/**
 * What is written out: a quoted token, "the word/letter/phrase …", or the grader's own feedback. An
 * apostrophe between two letters is an elision or a contraction («d'autres», "don't"), not a quote.
 */
const WRITTEN_TOKEN = foldedPattern(
  String.raw`["“”„«»「『]|(?<!\p{L})['‘’]|['‘’](?!\p{L})|(?:^|[^\p{L}])(?:the\s+(?:word|letter|phrase|sentence|line|name)|your\s+(?:feedback|reply|response|comment)|feedback|das\s+wort|den\s+(?:buchstaben|satz)|le\s+mot|la\s+(?:lettre|phrase)|la\s+(?:palabra|letra|frase)|a\s+palavra|la\s+parola|het\s+woord|slowo|слово|фразу|kelime\p{L}*|kata|λεξη|ordet|كلمه|کلمه|शब्द)(?![\p{L}])|这个词|這個詞|单词|単語|という言葉`,
);
/** A program or a procedure is the one repeating: code and lab methods. */
const PROGRAM = foldedPattern(
  String.raw`(?:^|[^\p{L}])(?:loop|for|while|function|program|programme|code|script|method|algorithm|schleife|programm|funktion|boucle|programme|bucle|programa|funcion|ciclo|funzione|lus|programma|petla|цикл|программ\p{L}*|dongu|fungsi|حلقه|برنامه|حلقة|लूप)(?![\p{L}])|循环|循環|ループ|プログラム|반복문`,
);

function manyTimes(text: ScreenText, present: ReadonlySet<unknown>): LocatedFinding | null {
  if (!present.has(TIMES)) return null;
  for (const sentence of text.sentences) {
    if (!has(text, sentence, WRITE_OUT)) continue;
    // "A loop that prints 'hello' 100 times" describes a program; the flood is a token the grader writes.
    const said = sliceOf(text, sentence);
    if (!WRITTEN_TOKEN.test(said) || PROGRAM.test(said)) continue;
    let from = sentence[0];
    for (let step = 0; step < 4; step++) {
      const times = matchIn(text, [from, sentence[1]], TIMES);
      if (!times) break;
      const before = text.lower.slice(Math.max(sentence[0], times.start - 40), times.start);
      if (MANY_TIMES_WORDS.test(before) || /[百千万]\s*$/u.test(before)) {
        return findingAt(
          text,
          "output_flooding",
          "The answer asks the grader to write something out hundreds of times, which floods the feedback.",
          Math.max(sentence[0], times.start - 40),
        );
      }
      from = times.end;
    }
  }
  return null;
}

/** The grader asked to pretend to be someone who always gives the top grade or never deducts. */
function favourablePersona(text: ScreenText, present: ReadonlySet<unknown>): LocatedFinding | null {
  if (!present.has(PRETEND)) return null;
  for (let index = 0; index < text.sentences.length; index++) {
    const sentence = text.sentences[index]!;
    const pretend = matchIn(text, sentence, PRETEND);
    if (!pretend) continue;
    const role = windowOf(text, index, 1);
    // Round 52: or someone who never takes marks off ("a kind grandparent grading … grandparents never take
    // marks off", «Omas machen nie einen Abzug»), with the marking named: "historians never deduct" is no
    // grader.
    const neverDeducts =
      has(text, role, NO_DEDUCTION) && (has(text, role, GRADE_ACT) || has(text, role, GRADER));
    if ((namesTopGrade(text, role) || neverDeducts) && has(text, role, ALWAYS)) {
      return findingAt(
        text,
        "role_claim",
        "The answer asks the grader to play someone who always gives the top grade.",
        pretend.start,
      );
    }
  }
  return null;
}

/**
 * Asides to the marking, at most one finding per rule. Failure modes: a note that names the marking by a
 * word no class has, or a verdict in words VERDICT lacks, is missed; a student who writes to the marker
 * "this is my best work, exemplary I hope" is flagged, and that still tells the grader what to conclude.
 */
export function findMarkingAsides(text: ScreenText): LocatedFinding[] {
  const { lower } = text;
  const whole: TextRange = [0, lower.length];
  const arrows = ARROW.test(lower);
  if (!arrows && !passesGate(text)) return [];
  const present = new Set<unknown>(CUE_CLASSES.filter((cue) => has(text, whole, cue)));
  if (arrows) present.add(ARROW);
  if (present.size === 0) return [];
  const found: LocatedFinding[] = [];
  for (const rule of [
    manyTimes,
    feedbackAmplification,
    verdictNote,
    priorMarking,
    pointerRetraction,
    materialsRequest,
    favourablePersona,
  ]) {
    const finding = rule(text, present);
    if (finding) found.push(finding);
  }
  return found;
}

/**
 * The classes one of which every rule needs before it reads a sentence (the `present` cues of
 * findMarkingAsides), by name, as written: a test expands their entries and holds passesGate to them.
 */
export const MARKING_ASIDE_CUES: Readonly<Record<string, WordClass>> = {
  TO_THE_MARKING: TO_THE_MARKING_WORDS,
  ASSESSMENT_LABEL: ASSESSMENT_LABEL_WORDS,
  MARKED_BEFORE: MARKED_BEFORE_WORDS,
  POINTER: POINTER_WORDS,
  JUDGE_THIS: JUDGE_THIS_WORDS,
  GIVEN_TO_YOU: GIVEN_TO_YOU_WORDS,
  PEER: PEER_WORDS,
  EVERY_ITEM: EVERY_ITEM_WORDS,
  TIMES: TIMES_WORDS,
  PRETEND: PRETEND_WORDS,
};
