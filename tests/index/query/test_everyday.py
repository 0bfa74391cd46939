"""Everyday words borrowers use for people the corpus names formally (index/query/everyday.tsv)."""

import pytest

from index.query.lexicon import EVERYDAY_FILE, everyday_words, read_tsv

# One sentence per table entry, as a borrower would type it, and a corpus word it must bring.
KEY = r're:直接[^,.?，。？]{0,3}(汇|转|打|付|交|给)[^,.?，。？]{0,4}(给|到)(他|她|催收|对方)|(付|给|交|打|转|汇)钱给(他|她|催收|对方)|(他|她|催收|对方)的?个人(账户|帐户|户头)|\bpay (him|her|them|the (agent|collector))( directly| in cash)?\b|\b(his|her|their) personal account\b'
POSTING = r're:公告栏|宣传栏|布告栏|(贴|张贴)[^,.?，。？]{0,6}(小区|楼道|电梯|村口|门口|大门)'
CONSEQUENCES = r're:黑名单|高铁|飞机|坐不了|孩子(上学|考学)|子女(上学|考公|政审)|政审|考公|影响(孩子|子女|下一代)'
VIOLENCE = r're:收拾(我|你|他)|弄死|打断|砍(死|人|你|我)|教训(我|你)|找(几个|一帮|一群)?人(来|过来|上门)?(收拾|教训|打|堵|砍)|(要|会)?找人打'
ENTERING = r're:进(我|我们)?家(门)?|闯进|冲进|进屋|进门|不开门'
IMPERSONATION = r're:冒充(公安|警察|派出所|法院|检察院|检察官|法官|律师)|(自称|说他是|说自己是)(公安|警察|派出所|法院|检察院|法官)'
SENTENCED = r're:(判刑|判了|被判|判决)的?(例子|案例|先例)|(催收|讨债|收数|追数)[^,.?，。？]{0,10}(被判|判刑|判了)|判了多久|\b(collectors?|agents?) (ever )?(been |got |get )?(jailed|convicted|sentenced|prosecuted)\b'
UNREGISTERED = r're:\bnot (even )?(rbi[- ])?(registered|regulated|licensed|authori[sz]ed)\b|\bunregistered\b|\bunauthori[sz]ed (loan )?(apps?|lenders?)\b|\billegal (loan )?apps?\b|未注册|没有?注册|没有牌照|无牌|非法(的)?(网贷|贷款)?(app|平台)'
DEFACING = r're:喷(了|上|涂)?[^,.?，。？]{0,6}(漆|字)|[红油]漆|红油|泼(了)?[^,.?，。？]{0,3}(油漆|红油|粪|污物|油)|贴(了)?[^,.?，。？]{0,8}(纸|大字报|标语|告示)|写(了|住|咗)?[^,.?，。？]{0,4}(欠债还钱|老赖)|拉(了)?横幅|(送|摆)(了)?花圈|\bpaint(ed)? on (my|the) (door|wall)s?\b|\bgraffiti\b'
NEW_YEAR = r're:过年|除夕|年三十|大年初|新春|年关|农历新年|\bchinese new year\b|\bcny\b|\bnew year holidays?\b'
THREAT = r're:(报警|让警察|叫警察|公安)[^,.?，。？]{0,4}抓|抓(我|人)|坐牢|判刑|涉嫌(诈骗|犯罪|违法)|(立案|拘留)[^,.?，。？]{0,4}(我|你)'
CASES = [
    ("老板", "催收打电话给我老板，说我欠钱不还，这合法吗？", "雇主"),
    ("领导", "他们打到我单位找我领导了", "同事"),
    ("上司", "催收找到我上司那里去了", "单位"),
    ("主管", "他們打電話到我公司找我主管", "同事"),
    ("经理", "催收打给我们经理说我欠钱", "单位"),
    # a colleague is a third party to the debt; the US rule names the workplace by the employer (雇主)
    ("同事", "催收打电话给我同事，还跟他说我欠钱不还", "第三人"),
    ("同事", "催收天天打我同事电话", "雇主"),
    ("老公", "催收天天打给我老公，他们可以这样吗", "家人"),
    ("老婆", "催收把我欠钱的事告诉我老婆了", "配偶"),
    ("丈夫", "我丈夫接到了催收电话", "家人"),
    ("妻子", "催收骚扰我妻子怎么办", "家人"),
    ("爸妈", "网贷催收打给我爸妈了", "父母"),
    ("我妈", "催收打电话给我妈，我妈都急哭了", "家人"),
    ("我爸", "催收说要去找我爸", "家人"),
    # parents are third parties to the debt, as the rules say (与债务无关的第三人), whichever word the asker uses
    ("爸妈", "催收天天打我爸妈电话，我爸妈又没有借钱，我该怎么办", "第三人"),
    ("我妈", "催收打电话给我妈，我妈都急哭了", "无关"),
    ("我爸", "催收说要去找我爸", "第三人"),
    ("父母", "催收说要去找我父母，他们能这样做吗", "家人"),
    ("父亲", "催收打电话给我父亲", "家人"),
    ("母亲", "网贷催收骚扰我母亲", "家人"),
    ("老家", "催收说要去我老家找人", "上门"),
    ("limit", "Is there a limit on how many times a collector can call me in the UK?", "cap"),
    ("limits", "what are the limits on collection calls in Hong Kong", "cap"),
    ("亲戚", "他们给我所有亲戚发短信", "亲友"),
    ("紧急联系人", "我朋友借网贷时把我填成了紧急联系人，我有义务替他还吗？", "联系人"),
    ("欠钱", "我欠钱不还会坐牢吗", "欠款"),
    ("boss", "a collector told my boss about my debt", "employer"),
    ("job", "they called my job three times this week", "employer"),
    ("office", "the collection agency keeps ringing me at my office", "workplace"),
    ("re:\\b(daughters?|sons?|kids?|children|child|grand(ma|pa|mother|father|parents?|kids?|children)s?|uncles?|aunts?|nieces?|nephews?|in-laws?|step(son|daughter|mother|father)s?)\\b", "a collection agency keeps texting my daughter about my debt", "family"),
    (r"re:\b(ring|rings|ringing|rang)\b", "a debt collection agency rings me before 8am", "call"),
    ("manager", "the agency called my manager at work", "employer"),
    ("supervisor", "they told my supervisor I owe money", "employer"),
    ("coworkers", "a collector keeps asking my coworkers about me", "co-workers"),
    ("husband", "they keep calling my husband about my loan", "spouse"),
    ("wife", "the agency phoned my wife", "family"),
    ("mum", "my mum got a call from a debt collector", "family"),
    ("mom", "they called my mom twice today", "family"),
    ("mother", "the agency keeps ringing my mother", "family"),
    ("father", "Can a collector in India call my father?", "family"),
    ("dad", "they texted my dad about it", "family"),
    ("parents", "can they call my parents?", "family"),
    ("family", "Can debt collectors call my family in the UK?", "third"),
    ("relatives", "the collection agency keeps calling my relatives", "party"),
    ("arrested", "a debt collector says they will have me arrested if I don't pay", "arrest"),
    ("neighbor", "I'm in Texas and a collector called my neighbor asking about me, is that legal?", "neighbour"),
    ("phoning", "my creditor keeps phoning me at 10pm", "contact"),
    ("ringing", "they keep ringing me at work", "calling"),
    ("rang", "the agency rang my mum twice", "contacted"),
    ("协调", "催收最难协调的平台是哪个？", "协商"),
    ("屋企", "收數公司可唔可以搵我屋企人追數？", "家人"),
    ("追數", "間財務公司日日追數", "催收"),
    ("搵", "佢哋搵我同事", "联系"),
    ("老細", "收數公司打去我老細度", "雇主"),
    ("差佬", "我可唔可以叫差佬", "警察"),
    ("收數佬", "收數佬上門點算", "催收人员"),
    # Taiwan's everyday short form of 個人資料 (and of its act, 個資法)
    ("個資", "我的個資被催收公司拿去亂用，台灣有什麼法可以管", "个人资料保护法"),
    # how many calls, what time, calling (Cantonese and Mandarin): the corpus speaks of a cap on calls (次數上限),
    # hours (鐘點, 時段) and 致電
    (r"re:(打|致电)[^,.?，。？]{0,2}(几多|多少|几)次|(一日|一天|每天|每日)(最多|几多)", "香港收數公司一日最多打幾多次？", "上限"),
    (r"re:(打|致电)[^,.?，。？]{0,2}(几多|多少|几)次|(一日|一天|每天|每日)(最多|几多)", "催收一天能打几次电话", "次数"),
    ("re:几点|边个钟", "收數佬幾點之後唔可以打嚟？", "钟点"),
    ("re:打(嚟|黎|来|过来)", "收數佬半夜兩點都打嚟", "致电"),
    ("re:\\b\\d{1,2}(:\\d\\d)? ?(am|pm|a\\.m\\.|p\\.m\\.)", "a collector keeps texting me at like 11pm", "inconvenient"),
    ("midnight", "they called me at midnight about my card", "9"),
    ("at night", "my lender rings me late at night", "time"),
    ("re:(资料|信息|数据|通讯录)[^,.?，。？]{0,6}(交给|给了|提供给|转给|卖给|共享给|发给)|(交给|提供给|转给|卖给|共享给)[^,.?，。？]{0,10}(资料|信息|数据)|点头同意|专门同意", "放贷机构把我的资料交给外包催收公司之前要我同意吗", "单独同意"),
    ("re:(资料|信息|数据|通讯录)[^,.?，。？]{0,6}(交给|给了|提供给|转给|卖给|共享给|发给)|(交给|提供给|转给|卖给|共享给)[^,.?，。？]{0,10}(资料|信息|数据)|点头同意|专门同意", "平台能不能把我的信息卖给催收公司", "提供"),
    ("re:\\bwhere (i|he|she|we|they|my \\w+) (live|lives|am|is|are|work|works|moved)\\b|\\b(my|his|her|their) (new )?(address|whereabouts)\\b|\\btrack(ing|ed)? (me|him|her|them) down\\b|\\b(find|locate|locating|finding) (me|him|her|them)\\b", "a collector called my sister asking where i live now", "locate"),
    ("re:(我|他|她)(住|现在住|搬)(在)?哪|住(在)?哪里|(打听|问)[^,.?，。？]{0,6}(下落|住址|地址|在哪)|(找|查)(不到|到)?(我|他|她)的?(下落|住址|地址)", "催收打给我姐问我现在住哪里", "下落"),
    ("re:\\b\\d{1,2}(:\\d\\d)? ?(o'?clock )?in the (morning|evening)\\b|\\b(early|first thing) in the morning\\b|\\bbefore (work|breakfast|dawn|sunrise)\\b", "a debt collector called me at 7:15 in the morning", "unreasonable"),
    ("re:\\b\\d{1,2}(:\\d\\d)? ?(o'?clock )?in the (morning|evening)\\b|\\b(early|first thing) in the morning\\b|\\bbefore (work|breakfast|dawn|sunrise)\\b", "they ring me early in the morning before work", "hours"),
    ("re:(半夜|深夜|凌晨|夜里|夜间|晚上 ?[0-9一二三四五六七八九十]{1,3} ?点)", "催收晚上11点还在打我电话", "次日"),
    ("re:(早上|早晨|清早|清晨|一早) ?[0-9一二三四五六七八九十]{1,3} ?点|一大早|大清早|天还?没亮", "催收公司早上七點多就開始打我電話", "次日"),
    ("re:\\b(depress(ed|ion)|anxiety|mental health|mental illness|signed off( work)?|sick note|sectioned|psychiatric)\\b",
     "I've been signed off work with depression and the collectors keep calling", "breathing"),
    ("re:(抑郁|焦虑症|精神疾病|心理疾病|精神科|心理问题)", "我在英国，得了抑郁症，催收还天天打电话", "喘息期"),
    ("re:遗照|[pP][成了图]|ps成|合成.{0,4}照片|黄图|裸照", "网贷催收把我的照片P成遗照发出去了", "名誉权"),
    ("re:家族群|家庭群|亲戚群", "催收把我的欠款截图发到我家族群里", "亲友"),
    ("re:\\b(at|to|on) (my|our|the) (front )?(door|doorstep|house|home|flat|apartment)\\b|\\bknock\\w* on\\b|"
     "\\b(turn|show)(s|ed|ing)? up\\b|\\blet them in\\b",
     "a debt collector keeps turning up at my door, do I have to let them in?", "visit"),
    ("re:(来|到|找到|堵在?)我家|家门口|堵门|找上门", "催收说明天要来我家堵门", "上门"),
    ("re:(我|我们|我的|俾我|到我|找我)(公司|单位)|上班的地方|工作的地方|公司前台", "美国的催收可以打电话到我公司吗？", "工作单位"),
    ("re:(我|我们|我的|俾我|到我|找我)(公司|单位)|上班的地方|工作的地方|公司前台", "他们可以找我单位吗？", "同事"),
    # a call to my company reaches my co-workers: Taiwan's rule names 同事, not 公司
    ("re:(我|我们|我的|俾我|到我|找我)(公司|单位)|上班的地方|工作的地方|公司前台", "收數公司可以打俾我公司嗎？", "同事"),
    ("re:\\b(legit|scams?|scammers?|fake)\\b", "is this debt collector legit? they called about a 2015 card",
     "verification"),
    ("re:\\b(is|it'?s|its|if|whether|are) (this |it |that |the debt |they |these )?real\\b",
     "a company I never heard of says I owe an old phone bill, how do I check it's real?", "validation"),
    ("re:还不起|还不上|没钱还|无力(偿)?还|还不了|失业了|没有收入", "我现在失业了根本还不起信用卡，怎么办啊", "分期"),
    ("re:\\b(\\d+|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)[- ]years?[- ]old\\b|"
     "\\b(really|very|super) old debts?\\b|\\bold debts?\\b", "Do I have to pay a debt that is 10 years old in the US?",
     "statute"),
    ("re:赔钱|赔偿吗|要赔|能赔|索赔|告他们|告他|告催收", "催收把我欠钱的事告诉了老板，我想告他们，能赔钱吗", "民事诉讼"),
    ("re:卖给|卖掉|卖了|转卖|被卖|卖债|把债卖", "信用卡逾期了银行会把债卖给别人吗", "转让"),
    ("purchaser", "my debt got sold to some debt purchaser", "buyer"),
    ("re:\\b(from|since|back in) (like |around |about |maybe )?(19|20)\\d\\d\\b|\\ball (this|that) time\\b|"
     "\\ball (these|those) years\\b", "a collector wrote about a credit card from like 2014, can they still sue me?",
     "statute"),
    ("re:\\bhow often\\b|\\bhow frequently\\b", "How do the UK and US rules differ on how often a collector can call?",
     "cap"),
    ("re:年化|年利率多少", "有些平台算下来年化超过36%了，超出的利息要还吗", "利率"),
    ("re:怎么证明|如何证明|拿什么证明|怎样证明|怎么取证|如何取证|留证据|留证|取证", "催收上门骂我，那我该怎么证明", "证据"),
    ("re:\\bhow (do|can|would|should) i prove\\b|\\bproof\\b|\\bprove it\\b",
     "they called my boss, but how do i prove it?", "evidence"),
    ("re:(去|到|来)(我|我们)?的?(孩子|小孩|儿子|女儿|娃)?的?(单位|公司|厂里|学校|幼儿园|店里)", "催收说不还钱就去我单位找领导", "办公场所"),
    ("re:(去|到|来)(我|我们)?的?(孩子|小孩|儿子|女儿|娃)?的?(单位|公司|厂里|学校|幼儿园|店里)", "催收说要去我孩子学校找我，我该怎么办", "上门"),
    ("re:(去|来|到)[^,.?，。？]{0,8}闹|闹事|大闹|撒泼", "催收说不还钱就去我单位闹", "哄闹"),
    ("re:前妻|前夫|前男友|前女友|前任", "催收还要给我前妻打电话，她跟这事没关系", "第三人"),
    ("re:工作群|公司群|单位群|同事群|部门群", "催收说要把我的欠款信息发到我们公司的工作群里", "同事"),
    ("re:^(?!.*(交|付钱|收费|花钱|代理|中介|反催收)).*停息(挂账|分期|还本)", "信用卡逾期半年了，我现在没工作，能跟银行谈停息挂账吗", "个性化分期"),
    ("re:以贷养贷|拆东墙补西墙|借新的?还旧的?|(借|撸)[^,.?，。？]{0,6}(网贷|口子)[^,.?，。？]{0,4}还",
     "催收让我去别的网贷借钱来还这一笔，说先以贷养贷，这样合规吗", "借新还旧"),
    ("re:催收费|停催费|催收服务费|(交|收|给|付)[^,.?，。？]{0,6}(服务费|手续费|好处费)",
     "催收说要我额外交一笔催收服务费才能帮我停催，这合法吗", "额外费用"),
    ("re:\\bchas(ing|ed|es)\\b|\\bchase (me|us|him|her|them|up|after|for)\\b", "a collector is chasing me for an old phone bill", "collect"),
    ("家里人", "催收天天打给我家里人", "家人"),
    ("亲人", "他们骚扰我所有亲人", "家人"),
    ("兄弟", "催收打给我兄弟说我欠钱", "亲友"),
    ("姐姐", "催收给我姐姐发短信", "家人"),
    ("哥哥", "我哥哥接到了催收电话", "家人"),
    ("弟弟", "催收找我弟弟要钱", "亲友"),
    ("妹妹", "他们打电话骚扰我妹妹", "家人"),
    ("儿子", "催收打电话给我儿子", "家人"),
    ("女儿", "催收去我女儿学校找她", "家人"),
    ("孩子", "他们说要去找我孩子", "家人"),
    ("同学", "催收打电话给我室友和同学", "第三人"),
    ("室友", "催收打给我室友", "亲友"),
    ("闺蜜", "催收给我闺蜜发我的照片", "第三人"),
    ("女朋友", "催收打给我女朋友说我欠钱", "亲友"),
    ("男朋友", "网贷催收联系了我男朋友", "第三人"),
    ("朋友圈", "他们把我的照片发到朋友圈", "公开"),
    ("微信群", "催收把我拉进微信群曝光", "社交"),
    ("抖音", "催收在抖音上发我的信息", "公开"),
    ("骂人", "催收打电话骂人，说话很难听", "辱骂"),
    ("高利贷", "这个网贷是不是高利贷", "利率"),
    ("neighbors", "they told my neighbors about my debt", "neighbours"),
    ("recognize", "I don't recognize this debt at all", "dispute"),
    ("recognise", "a debt I dont even recognise", "verification"),
    ("texting", "the collector keeps texting me", "text"),
    ("whatsapp", "they messaged my boyfriend on whatsapp", "electronic"),
    ("linkedin", "a collector contacted me on linkedin", "social"),
    ("tiktok", "they posted about my loan on tiktok", "media"),
    ("roommate", "the agency called my roommate", "third"),
    ("cousin", "they phoned my cousin about the loan", "family"),
    ("sister", "the collector texted my sister", "family"),
    ("brother", "they told my brother I owe money", "family"),
    ("girlfriend", "a collector called my girlfriend", "friends"),
    ("boyfriend", "the app messaged my boyfriend", "parties"),
    ("swearing", "the collector was swearing at me", "abusive"),
    ("shouting", "he kept shouting at me on the phone", "abusive"),
    ("sold", "my debt was sold to another company", "buyer"),
    ("cease", "if I send a cease letter do they have to stop", "stop"),
    ("wiped", "my friend said the debt is wiped out after that letter", "cancel"),
    ("erased", "is my debt erased if they stop calling", "cancel"),
    ("forgiven", "will the debt be forgiven after 7 years", "cancel"),
    ("一笔勾销", "发了停止催收的信，债务是不是就一笔勾销了", "免除"),
    # the debt "gone": what the sources call cancelling (取消) or waiving (免除) it
    (r"re:债(务)?[^,.?，。？]{0,6}(就|也)?(没了|没有了|消失了?|清零|不用还|不存在了)|钱[^,.?，。？]{0,4}(就|也)?不用还", "那我要是想让他们彻底别再联系我呢？这样债是不是就没了？", "取消"),
    (r"re:债(务)?[^,.?，。？]{0,6}(就|也)?(没了|没有了|消失了?|清零|不用还|不存在了)|钱[^,.?，。？]{0,4}(就|也)?不用还", "寄了停止联系的信以后，欠的钱也不用还了吗", "免除"),
    # common misspellings of the domain's English words
    ("harrasing", "collecter keeps harrasing me at work", "harassment"),
    ("harrassing", "the agency is harrassing my family", "harassing"),
    ("harrased", "I was harrased on the phone", "harassment"),
    ("harrassed", "they harrassed my mum", "harassed"),
    ("harrassment", "is this harrassment?", "harassment"),
    ("harasment", "what counts as harasment by a collector", "harassment"),
    ("collecter", "a debt collecter called my office", "collector"),
    ("collecters", "can collecters call at night", "collectors"),
    ("colector", "the colector was rude", "collector"),
    ("recieved", "I recieved a letter from an agency", "received"),
    ("dept", "they say I owe a dept from 2014", "debt"),
    ("threating", "the collector is threating to sue", "threatening"),
    ("contacts", "the loan app messaged all my phone contacts", "address-book"),
    ("house", "can a debt collector come into my house", "home"),
    # paying the collector rather than the creditor: what the rules call a collector receiving debt payments
    # a threat of arrest or prosecution over a debt: what the rules call exaggerating the legal consequences
    (THREAT, "催收打电话说我涉嫌诈骗，要我马上还钱不然就报警抓我，这是真的吗？", "夸大"),
    (THREAT, "催收说不还钱就让我坐牢", "法律后果"),
    (KEY, "銀行委外的催收人員叫我把錢直接匯給他，這樣可以嗎？", "收受"),
    (KEY, "他說錢直接轉到他個人帳戶比較快銷帳", "债款"),
    (KEY, "外包的人说我交钱给他就算结清了", "收受"),
    (KEY, "Taiwan: the collection agent asked me to pay him in cash directly, legit?", "receiving"),
    # the holiday by the names borrowers use; Taiwan's banks pause collection over it (春節 in the corpus)
    (NEW_YEAR, "快過年了，銀行過年期間還會打電話催繳嗎？", "春节"),
    (NEW_YEAR, "除夕夜还会接到催收电话吗", "暂停"),
    (NEW_YEAR, "Do Taiwanese banks stop collecting over Chinese New Year?", "lunar"),
    # posting and painting at the door: what the 2019 soft-violence opinion lists as 贴报喷字 / 泼洒污物, and
    # what Hong Kong's police treat as criminal damage
    (DEFACING, "催收在我家门口贴了欠债还钱的纸，还在墙上用红漆喷了我的名字", "贴报喷字"),
    (DEFACING, "收數公司話要嚟我屋企樓下貼大字報", "羞辱"),  # Hong Kong's guideline calls it public humiliation (公開羞辱)
    (DEFACING, "門口俾人淋咗紅油，仲寫住「欠債還錢」四個大字", "刑事毁坏"),
    (DEFACING, "the collectors painted on my door that I owe money", "criminal"),
    # asking whether collectors have really been sentenced: the court cases and their sentences
    (SENTENCED, "有没有催收的人真的因为暴力讨债被判刑的例子？判了多久？", "有期徒刑"),
    (SENTENCED, "Has any collector ever been jailed in China for violent collection?", "sentenced"),
    # a lender outside the regulator's register: India's Sachet portal takes those
    (UNREGISTERED, "I think the app is not even RBI registered. Where to complain please", "sachet"),
    (UNREGISTERED, "这个印度的借贷app好像没有注册，能去哪举报", "未注册"),
    # how borrowers tell what the rules name: posting in public places, exaggerated consequences,
    # threats of violence, entering the home, impersonating the police or courts
    (POSTING, "催收公司可以把律師函貼在小區公告欄嗎？", "公共场所"),
    (POSTING, "他们说要把我的欠款通知贴到小区门口", "张贴"),
    (CONSEQUENCES, "催收说不还就拉进征信黑名单，以后高铁飞机都坐不了", "法律后果"),
    (CONSEQUENCES, "他说会影响我孩子上学和以后考公政审", "夸大"),
    (VIOLENCE, "他说晚上要找几个人过来收拾我", "恐吓"),
    (VIOLENCE, "催收威胁说要找人打断我的腿", "110"),
    (ENTERING, "他们能不能直接进我家？我不开门他们能怎样？", "进入"),
    (ENTERING, "催收人员闯进我家里不走", "住所"),
    (IMPERSONATION, "催收冒充公安威胁我，我该怎么办？", "冒充公检法"),
    (IMPERSONATION, "催收的人说他是派出所的，说再不还钱明天就来抓我", "冒充司法机关"),
]


def test_paying_someone_to_arrange_a_freeze_is_not_asking_the_bank_for_one():
    # "交3000块…帮我停息挂账" is the anti-collection agents' offer, not a request to the bank (Art. 70)
    assert "个性化分期" not in everyday_words("有个人说交3000块给他，就能帮我停息挂账，靠谱吗？")


def test_every_table_entry_has_a_case():
    assert {row[0] for row in read_tsv(EVERYDAY_FILE)} == {word for word, _, _ in CASES}


@pytest.mark.parametrize("word, sentence, corpus_word", CASES)
def test_an_everyday_word_brings_the_corpus_word(word, sentence, corpus_word):
    assert corpus_word in everyday_words(sentence)


@pytest.mark.parametrize("sentence", ["今天有人说是法院的，让我把钱转到他给的账户就能撤案",  # a scam, not a collector paid
                                      "I lost my bossa nova records", "催收打电话给我合法吗？", "I am in pm mode",
                                      "晚上好，请问协商还款要准备什么",
                                      "Can a collector call my employer?",
                                      "Does Chase bank let you settle credit card debt for 50%?"])  # a name
def test_words_the_table_does_not_hold_bring_nothing(sentence):
    assert everyday_words(sentence) == []


def test_the_borrowers_own_fear_of_prison_is_not_a_question_about_sentenced_collectors():
    for question in ("我有没有可能坐牢", "催收说要起诉我，我会被判刑吗"):
        assert "有期徒刑" not in everyday_words(question)


def test_traditional_script_is_matched():
    assert "雇主" in everyday_words("催收打電話給我老闆")  # 老闆 is 老板 in Traditional


def test_bm25_finds_the_corpus_wording_of_an_everyday_word(small_index):
    from llama_index.core.schema import QueryBundle

    from index.retrieve import BM25Retriever

    _, handle = small_index
    assert not handle.corpus_contains("boss")  # alone, the word matches nothing
    hits = BM25Retriever(handle, 5).retrieve(QueryBundle("my boss"))
    assert hits and all("employer" in h.node.get_content().lower() for h in hits)
