"""safeguarding: self-harm, abuse disclosures, grooming, threats of violence and extremism.

A text classifier over every text of the message (subject, bodies, text
attachments, attached messages). Each category is a family of sentence-level
patterns (``Cue``): strong cues fire on their own, weak ones need a second,
different weak cue of the same category in the message. Context rules cancel a
match: historical or literary writing (the Blitz, a war novel), games, jokes,
accidents ("I hurt myself in PE"), school learning ("we learned why you must
never bring a knife to school"), and, for secrecy between pupils, a surprise
(a card or a present for the teacher). The same phrase weighs more from an
adult (staff or outsider) than from a pupil: "send me a photo of you" from a
stranger is grooming; from a child to a football club ("a signed photo of the
team") it is not even a match. Someone outside the school asking a child for
their home address or phone number, or asking a pupil's own address where they
live or which school they go to, is grooming on its own; between pupils it is
not a concern.

The finding's reason names the category: "self-harm", "abuse disclosure",
"grooming", "violence" or "extremism".
"""

from __future__ import annotations

import re
from dataclasses import replace

from policies._phrases import (
    ADVICE,
    GAME,
    HISTORY,
    JOKE,
    LITERARY,
    SCHOOL_LEARNING,
    SCHOOL_WORK,
    STRONG,
    WEAK,
    YOUR,
    Ctx,
    Cue,
    Doc,
    Scope,
    compile_words,
    evaluate,
    gap,
    keys,
    rx,
    safety_lesson,
)
from policies.base import Context, Policy, register
from policies.types import Action, Finding

SELF_HARM = "self-harm"
ABUSE = "abuse disclosure"
GROOMING = "grooming"
VIOLENCE = "violence"
EXTREMISM = "extremism"
CATEGORIES = (SELF_HARM, ABUSE, GROOMING, VIOLENCE, EXTREMISM)

# Message-level flags: the sender is outside the school (not a pupil, group or staff), and
# writes to a pupil's own address.
OUTSIDER = "outsider"
OUTSIDER_TO_PUPIL = "outsider-to-pupil"
# A pupil writes to someone outside the school; a school account writes only inside it.
PUPIL_TO_OUTSIDER = "pupil-to-outsider"
INSIDE = "inside-school"
# A pupil's schoolwork on a book or a poem: what its characters do is told, not threatened.
LITERARY_WORK = "literary-work"
# ...and one that passes on nobody's words: what a character suffers ("his mum beat him with a belt") is the plot.
RETELLING = "retelling"
_REPORTED = rx(
    r"\b(?:told|tells|telling|said to|showed|show|texted|messaged) (?:me|us)\b|\bconfided\b|\bpromise (?:not to|i wont)\b"
    r"|\bnot to tell\b|\bdont tell\b"
)
# A pupil sends a story they wrote: its villain's "don't tell your mum" is a line of the story.
PUPIL_STORY = "pupil-story"
_STORY_WRITTEN = rx(
    r"\b(?:here is|heres|this is|i wrote|i have written|ive written|i finished|check|read) my (?:[a-z]+ )?story\b"
    r"|\bmy (?:[a-z]+ )?story (?:for|about|is called)\b|\bonce upon a time\b|\bchapter (?:one|1)\b|\bspeech marks\b"
    r"|^the end\.?$",
    re.MULTILINE,
)


_re = rx


# -- vocabularies ---------------------------------------------------------------------

# Adults at home (a sibling hitting you is a squabble, an adult doing it is a disclosure).
HOME_ADULT = (
    r"(?:dad|daddy|father|step ?dad|step-dad|stepdad|stepfather|mum|mummy|mom|mommy|mother|step ?mum|step-mum|"
    r"stepmum|stepmother|(?:mums|moms|mams) (?:new )?(?:boyfriend|partner|husband|friend)|dads (?:new )?(?:girlfriend|partner|wife|friend)|"
    r"uncle|aunt|auntie|aunty|grandad|granddad|grandpa|grandma|nan|nana|nanna|gran|granny|carer|"
    r"foster (?:mum|dad|carer|parent)|babysitter|lodger|parents?)"
)
FAMILY = (
    r"(?:" + HOME_ADULT + r"|brother|sister|cousin|(?:her|his|mums|moms|mams|dads|nans|grans|grandads) (?:new )?(?:boyfriend|girlfriend|partner|husband|wife|mate|friend)|boyfriend|girlfriend|partner"
    r"|neighbour|(?:the|a|this|that) man|(?:the|a|this|that) lady|coach)"
)
HARM_VERB = (
    r"(?:hits?|hitting|beats?|beating|beaten|kicks?|kicked|kicking|punch(?:es|ed|ing)?|slap(?:s|ped|ping)?|"
    r"smack(?:s|ed|ing)?|hurt|hurts|hurting|strangle[sd]?|strangling|chok(?:es|ed|ing)|burn(?:s|t|ed)|"
    r"whip(?:s|ped)?|belt(?:s|ed)|lock(?:s|ed)|grab(?:s|bed)|shov(?:es|ed)|drag(?:s|ged)|touch(?:es|ed|ing)|"
    r"throws? (?:things|stuff|plates?|cups?|shoes?) at|threw (?:things|stuff|plates?|cups?|shoes?) at|starves?)"
)
ADULTS = (
    r"(?:mum|mom|mam|mummy|mommy|dad|daddy|parents?|mum and dad|mum or dad|family|teachers?|carers?|nan|gran|"
    r"grandparents|grown ?ups|adults|folks|teachers or parents|parents or teachers|teacher or (?:your )?mum|"
    r"mum or (?:your )?teacher)"
)
WEAPON = (
    r"(?:knife|knives|blade|blades|machetes?|gun|guns|pistols?|rifles?|shotguns?|axes?|swords?|acid|bomb|zombie knife|"
    r"flick knife|penknife|pen knife|stanley knife|crossbow|weapon|weapons)"
)
PERSON_OBJECT = (
    r"(?:you|u|ya|him|her|them|everyone|every1|everybody|people|kids|the (?:whole )?(?:school|class|teachers?)|"
    r"all of (?:you|u|them)|(?:mr|mrs|miss|ms|sir) [a-z]+|your (?:mum|dad|family|brother|sister)|you all)"
)

# "ill shoot you a message", "shoot him an email": sending, not shooting
_NOT_A_MESSAGE = r"(?! (?:a|an|over a|over an) (?:quick |short )?(?:message|email|text|line|note|dm|pm|reply))"

GROUP = r"(?:muslims|jews|immigrants|foreigners|christians|black people|white people|gays|refugees|migrants|asians|blacks|whites|pakis)"

# -- contexts ------------------------------------------------------------------------

# "if you tell an adult ...", "if u show anyone ...": a child told what happens if they tell.
_IF_YOU_TELL = r"\bif (?:you|u) (?:[a-z]+ ){0,4}?(?:tell|show|say anything to) "
_LISTENERS = r"an? (?:adult|grown ?up|teacher)|any ?one|any ?body|(?:your|ur) (?:mum|mom|dad|parents|teacher|family|carers?)"
_FEAR_WORDS = ("scared", "afraid", "frightened", "terrified", "angry", "drunk", "drinking", "shout\\w*")
CONTEXTS: dict[str, Ctx] = {
    "history": Ctx("history", HISTORY),
    "history-p": Ctx("history-p", HISTORY, Scope.PARAGRAPH),
    "literary": Ctx("literary", LITERARY),
    "literary-p": Ctx("literary-p", LITERARY, Scope.PARAGRAPH),
    "game": Ctx("game", GAME),
    "game-p": Ctx("game-p", GAME, Scope.PARAGRAPH),
    "joke": Ctx("joke", JOKE),
    "learning": Ctx("learning", SCHOOL_LEARNING),
    "advice": Ctx("advice", ADVICE, Scope.PARAGRAPH),
    "idiom": Ctx("idiom", compile_words(
        r"laugh\w*", r"embarrass\w*", "bored", "boredom", "cringe", "cringing", "hunger", "hungry", "of shame",
        "tired", "heat", "cold", "excitement", "suspense", "curiosity", "hair", "dye", "t-shirt", "shirt",
    )),
    "accident": Ctx("accident", compile_words(
        "by accident", r"accident\w*", "by mistake", "fell", "fall", "falling", "tripped", "trip over", "slipped",
        "playing", "in pe", "at pe", "football", "netball", "rugby", "trampoline", "bike", "scooter",
        "skateboard", "paper", "chopping", "cooking", "baking", "in dt", "in art", "splinter",
        "on (?:a|the|some) (?!head|arms?|legs?|face|wrists?|hands?|tummy|stomach|skin|thighs?|body|back|neck)[a-z]+",
        "shaving", "climbing", "running", "sports day", "match", "training",
        r"making (?:a |the |some |my |our )?(?:sandwich|sandwiches|dinner|tea|lunch|breakfast|cake|toast|model|card)",
        "peeling", "slicing", "grating", "opening (?:a|the) (?:tin|can|packet|box)", "with (?:the )?(?:scissors|saw|knife) in",
    )),
    "deliberate": Ctx("deliberate", compile_words(
        "on purpose", "deliberately", "again", "every day", "every night", "to feel", "when i (?:get|feel|am)",
        r"where (?:no ?one|nobody|people) (?:can|cant|wont|could|will)", "my arms?", "my wrists?", "my legs",
        "jumper", "sleeves", "keep it (?:a )?secret", "dont tell", "cant stop", "make it stop", "i deserve",
        "upset", "sad", "angry at myself", "hate myself", "bleed", "bleeds", "bleeding", "until it hurts",
    )),
    "home": Ctx("home", _re(
        r"\b(?:" + HOME_ADULT + r")\b|\bat home\b|\bwhen (?:my )?(?:mum|dad|mom|nan|gran)(?:s| is| was)? (?:out|away|at work|not (?:in|home|there))\b"
        r"|\bdrunk\b|\bdrinking\b|\bat night\b|\bin my (?:room|bedroom)\b|\bevery (?:day|night)\b|\ball the time\b"
        r"|\bbruis\w*\b|\bscared\b|\bafraid\b|\bfrightened\b|\bdont tell\b|\btold you\b|\bmarks?\b"
    )),
    "play": Ctx("play", compile_words(
        "at school", "playtime", "play time", "break ?time", "lunch ?time", "in the playground", "in pe", "football",
        "match", "game", "games", "play fight", "play fighting", "playing", "by accident", "accidentally",
        "pillow", "tickl\\w*", "in class", "in the line", "dodgeball", "rugby", "tag",
    )),
    "unwanted": Ctx("unwanted", compile_words(
        "(?:i )?(?:dont|didnt|do not|did not) like (?:it|that|him|her)", "uncomfortable", "scared", "afraid", "frightened",
        "when (?:mum|dad|everyone|every ?1|they|the others) (?:is|are|was|were) (?:asleep|out|at work)", "dont tell",
        "secret", "touch\\w*", "hurts?", "cry", "crying", "(?:i )?hate (?:it|that|when)", "creepy", "weird",
        "(?:says|said) (?:its|it is|thats) (?:normal|ok|okay|fine|what (?:families|dads|mums) do)",
        "(?:i|she|he|they) (?:didnt|did not|doesnt|does not|dont) (?:want|wanna) (?:to|it)",
    )),
    "fear": Ctx("fear", compile_words(*_FEAR_WORDS, "hurt", "hit", "hits", "bruis\\w*")),
    # fear beside a bruise ("fear" itself counts the bruise)
    "fear-of-adult": Ctx("fear-of-adult", compile_words(*_FEAR_WORDS, "hits? me", "hit us")),
    "diy": Ctx("diy", compile_words(
        "cut the", "cake", "cooking", "chop", "chopping", "vegetables", "fruit", "butter", "spread", "dt", "food tech",
        "whittl\\w*", "carving", "pumpkin", "bread", "toast", "cutlery", "fork", "camping", "scouts", "cubs",
        "water ?gun", "water ?pistol", "nerf", "toy", "pretend", "cardboard", "costume", "prop", "props",
        "star wars", "lightsaber", "sword fight", "fencing", "foam",
    )),
    "camera": Ctx("camera", compile_words(
        "photo", "photos", "photograph", "photographer", "camera", "film", "filming", "video", "scene", "picture",
        "pictures", "goal", "hoop", "hoops", "basket", "netball", "basketball", "football", "water pistol", "water gun",
    )),
    "at-school": Ctx("at-school", compile_words(
        "school", "in my bag", "in his bag", "in her bag", "on me", "tomorrow", "use it", "for you", "get you",
    )),
    "little-secret": Ctx("little-secret", compile_words("little secret", "special secret", "secret between us")),
    # a friend's confidence: "he made me promise not to tell anyone" beside what was done to him
    "confided-p": Ctx("confided-p", compile_words(
        "made me promise not to tell", "made me swear not to tell", "asked me not to tell", "begged me not to tell",
        "told me not to tell", "made me promise i wouldnt tell", "dont tell anyone i told you",
    ), Scope.PARAGRAPH),
    "photo-for-me": Ctx("photo-for-me", compile_words(
        "just for me", "only for me", "not a school one", "a proper one", "in your bedroom", "no school uniform",
        "the more natural", "dont show",
    )),
    # A number in a maths game, a raffle or a register is not a phone number.
    "numbers": Ctx("numbers", compile_words(
        "think of a number", "double it", "halve it", "maths?", "sums?", "times tables?", "multiply", "divide",
        "subtract", r"add (?:\d+|it|them|up|one|two|three|four|five|ten)", r"plus \d+", r"minus \d+", "dice", "raffle",
        "tickets?", "register", "bingo", "pick a card", "guess", "shirt number", "squad number", "lucky number",
        "favourite number", "house number",
    ), Scope.PARAGRAPH),
    # "if you tell a teacher, nothing bad will happen": a promise, not a threat
    "reassurance": Ctx("reassurance", compile_words(
        "nothing bad", "nothing will", "no one will", "nobody will", "wont get (?:in|into) trouble", "will help",
        "will be safe", "will listen", "will not be cross", "wont be cross", "not be angry", "wont be angry",
    )),
    "visit": Ctx("visit", compile_words(
        "pick you up", "come round", "come over", "visit", "post you", "send you", "alone", "on your own",
        "home alone", "meet", "come by", "pop by", "pop round", "drop round", r"drop (?:it|them|by|off|round)",
    )),
}

# -- cues ------------------------------------------------------------------------------

SAFEGUARDING_CUES: tuple[Cue, ...] = (
    # self-harm and suicide -------------------------------------------------------------
    Cue(SELF_HARM, "suicide", _re(
        r"\b(?:suicid(?:e|al)(?! squad| bomb| attack| mission| doors?| king| note in the)|kill(?:ing)? my ?self(?! (?:laughing|with laughter|lol))|kms|unalive(?: my ?self)?|end(?:ing)? my (?:own )?life|end it all|take my (?:own )?life"
        r"|overdose|(?:take|took|taking|swallow\w*) (?:all|a load|loads|lots|a lot|a bunch|a handful|a packet|a box|a bottle|too many)"
        r" (?:of )?(?:(?:the|my|mums|moms|dads|nans|grans) ){0,2}(?:(?:headache|sleeping|pain|allergy|hay fever|cold|period) )?"
        r"(?:pills|tablets|paracetamol|painkillers))\b"
        r"|\b(?:jump|jumping) (?:off|in front of) (?:a|the) (?:bridge|train|building|roof|cliff|car|bus|lorry|tower)\b"
    ), unless=("history", "literary", "game", "learning"), negatable=True),
    Cue(SELF_HARM, "want-to-die", _re(
        r"\b(?:want|wanna|wanted|wish i could|ready|i should|i just want) (?:to )?(?:just )?die\b"
        r"|\bwish (?:i|id) (?:was|were|had)? ?(?:dead|never been born|never born|not alive|not here|not born|died)\b"
        r"|\bwish i (?:wasnt|werent|hadnt been) (?:alive|born|here)\b"
        r"|\b(?:wish i could|i (?:just )?want to|i wanna) (?:just )?(?:not exist|stop existing|not be alive)\b"
    ), unless=("idiom", "history", "literary", "game"), negatable=True),
    Cue(SELF_HARM, "not-alive", _re(
        r"\b(?:dont|do not|didnt|did not) (?:really |even )?(?:want|wanna) to (?:be alive|exist|wake up|be here any ?more"
        r"|be in this world|be on this earth|carry on|go on living|live(?! (?:here|there|in|with|near|at|on|next|by|abroad|far|like)))\b"
        r"|\bno (?:point|reason) (?:in |to |for )?(?:living|being alive|live|be alive|carrying on|going on|me being here)\b"
        r"|\bnothing (?:left )?to live for\b"
        r"|\b(?:go to sleep|sleep|fall asleep) and (?:never|not|no ?t ever) wake (?:up|back up)\b(?! (?:until|till|til|before|in time|on time|early))"
        # "if i went to sleep and just didnt wake up": only as a wish (an "if"), not a morning that went wrong
        r"|\bif i (?:just )?(?:went|go|fell|fall) (?:to sleep|asleep) and (?:just )?(?:never|didnt|did not|dont|wouldnt|would not) wake (?:up|back up)\b"
        r"|\b(?:no ?one|nobody|no one) would (?:even )?(?:miss me|notice if i (?:died|was gone|wasnt here|disappeared)"
        r"|care if i (?:died|was gone|wasnt here|disappeared|was dead))\b"
        r"|\b(?:everyone|everybody|every1|the world|my family|they|people|my (?:mum|dad|parents|friends)) (?:would|will|d|wud)"
        r" (?:all )?(?:be )?(?:fine|ok|okay|better|happier|better off) (?:without me|if i (?:was|were) (?:gone|dead))\b"
        r"|\b(?:think|thinking|thought|dream|dreaming) (?:about|of) (?:not waking up|dying(?! (?:my|your|ur|it|the|them|her|his|of))|being dead|ending it|not being (?:here|alive)"
        r"|ending my life|hurting my ?self|cutting my ?self)\b"
        r"|\b(?:better off|happier|easier) (?:without me|if i (?:just |never )?(?:wasnt|was not|werent|were not|died|disappeared|was gone"
        r"|was dead|were dead|were gone|never existed|wasnt born|was never born|was not born|went away (?:forever|for ever|for good)"
        r"|left (?:forever|for ever|for good)|ran away (?:forever|for ever|for good)|wasnt around|was not around))\b"
        r"|\bif i (?:just )?(?:wasnt|was not|werent|were not) (?:here|alive|around) any ?more\b"
        r"|\b(?:be|been) (?:better|easier) if i (?:wasnt|was not|werent|were not) (?:alive|born)\b"
        r"|\b(?:be|been) (?:better|easier) if i (?:died|was dead|were dead|never existed)\b"
    ), unless=("history", "literary")),
    Cue(SELF_HARM, "hate-my-life", _re(
        r"\b(?:i|i just|i really|i honestly) (?:hate|hated) (?:my life|being alive|being me|my ?self|everything about me)\b"
    ), weight=WEAK, unless=("joke", "game", "history", "literary")),
    Cue(SELF_HARM, "cant-cope", _re(
        r"\bi (?:cant|can not|cannot) (?:take|do|cope with|handle) (?:it|this|my life|any of it) any ?more\b|\bi (?:cant|cannot) cope\b"
    ), weight=WEAK, unless=("joke", "game", "history", "literary")),
    Cue(SELF_HARM, "unloved", _re(
        r"\bi (?:am|m|feel) (?:so |such |just |like |a )*(?:worthless|a burden|a waste of space|empty inside)\b"
        r"|\b(?:no ?one|nobody) (?:cares|loves|likes|would care) about me\b|\b(?:no ?one|nobody) loves me\b"
        r"|\beveryone hates me\b"
    ), weight=WEAK, unless=("joke", "game", "history", "literary")),
    Cue(SELF_HARM, "make-it-stop", _re(
        r"\b(?:want|wish|need|just want|want for|wanted) (?:it all|everything|all of it|all this|the pain|the feelings?|my life|the thoughts) "
        r"(?:to )?(?:stop|end|be over|go away)\b|\bmake (?:it all|the pain|the thoughts|everything) stop\b"
        r"|\bwhat is the point (?:of|in) (?:me|living|anything|life)\b|\bwhats the point (?:of|in) (?:me|living|anything|life)\b"
        r"|\b(?:wish|want) (?:i|to) (?:could )?(?:just )?(?:go to )?sleep (?:forever|for ever)\b|\bwish i (?:never|wouldnt) (?:woke|wake) up\b"
    ), weight=WEAK, unless=("joke", "game", "history", "literary")),
    Cue(SELF_HARM, "no-point", _re(
        r"\b(?:dont|cant|do not|cannot) see (?:the|any) point (?:in|of|to) (?:anything|living|life|going on|being here|trying|me|it all)\b"
        r"|\bnothing matters any ?more\b|\bthere is no point (?:in )?(?:anything|me|trying)\b"
        r"|\b(?:no ?one|nobody|anyone) would (?:even )?(?:be sad|cry|care|miss me|notice)\b"
    ), weight=WEAK, unless=("joke", "game", "history", "literary")),
    Cue(SELF_HARM, "punch-wall", _re(
        r"\b(?:punch|punching|punched|kick|kicking|kicked|hit|hitting|bang|banging|banged) (?:the |a |my )?(?:walls?|doors?|head)"
        r" (?:till|until|so hard|against)\b|\b(?:till|until) (?:my [a-z]+|it|they) (?:bleeds?|bled)\b"
    ), weight=WEAK, unless=("accident", "history", "literary", "game"), amplify=("deliberate",)),
    Cue(SELF_HARM, "disappear", _re(r"\bdisappear (?:forever|for ever|for good|and never come back)\b"),
        unless=("history", "literary", "game"), before=re.compile(r"\b(?:i|me|myself)\b(?: [a-z]+,?){0,4} $")),
    Cue(SELF_HARM, "self-injury", _re(
        r"\b(?:cutting|harming|burning|starving|scratching|punishing) my ?self\b|\bself[- ]?harm\w*"
        r"|\bharm(?:ed)? my ?self\b"
        r"|\b(?:been|keep|kept|started|start|always) (?:hurting|cutting|hitting|scratching|burning|punching|harming) my ?self\b"
    ), unless=("accident", "history", "literary", "learning"), negatable=True),
    Cue(SELF_HARM, "urge-to-hurt", _re(
        r"\b(?:want|wanna|going|gonna|gunna|feel like|urge|tempted|planning|plan|need) (?:to )?(?:hurt|cut|harm|burn|punish|starve)"
        r" my ?self\b"
        r"|\b(?:want|wanna|going to|gonna|gunna|ready to|decided to|just want to) (?:just )?end it(?: now| tonight| today| soon)?(?=[.!,]|$|\n)"
        r"|\b(?:make|made|making|do|did|doing|give|gave|giving) (?:my ?self )?(?:cuts|scratches|burns) (?:on|in|into|across) my\b"
    ), unless=("accident", "history", "literary", "game", "learning", "joke"), negatable=True),
    # A blade used on oneself, said without the word "cut": "i did the thing with the blade again".
    Cue(SELF_HARM, "blade", _re(
        r"\bthe thing (?:[a-z]+ ){0,4}?with (?:the |a |my )?(?:blade|razor|compass|scissors|glass)\b"
        r"|\b(?:blade|razor)s? (?:out of|from) (?:my |a |the )?(?:pencil )?sharpener\b"
        r"|\b(?:used|use|using|did|took|take|got) (?:the |a |my )?(?:blade|razor)s?\b(?! (?:to|in|for) (?:cut|make|trim|shave|dt|art))"
        r"|\b(?:blade|razor|scissors|compass|knife|glass|sharpener)s? (?:on|into|across|over) my (?:arms?|wrists?|legs?|thighs?|skin)\b"
    ), weight=WEAK, unless=("accident", "history", "literary", "game"), amplify=("deliberate",)),
    # Covering marks: "wearing my jumper even in PE", "long sleeves so nobody sees".
    Cue(SELF_HARM, "hiding-marks", _re(
        r"\b(?:wearing|wear|wore|keep|keeping|kept|have to wear) (?:my |a |long )?(?:jumper|sleeves|long sleeves|hoodie|cardigan)"
        r"(?: on)?(?: [a-z]+){0,4}? (?:even in pe|even when its hot|so (?:no ?one|nobody|people|mum|my mum|they|teachers?|my teacher"
        r"|(?:mr|mrs|miss|ms|sir) [a-z]+|[a-z]+) (?:can|cant|"
        r"wont|doesnt|dont) (?:see|notice|tell)(?: the (?:lines|marks|cuts|scars|scratches))?|to hide|to cover)\b"
        r"|\b(?:hide|hiding|cover|covering) (?:the |my )?(?:marks|cuts|scars|scratches)\b"
    ), weight=WEAK, unless=("history", "literary", "game"), companion=True),
    # "I cut myself last night": cutting (not bumping or hitting) oneself, with no accident in sight.
    Cue(SELF_HARM, "cut-myself", _re(
        r"\b(?:i|ive|i have|i just|i keep|i started|i been|ive been|i have been) (?:cut|cutting|cuts) (?:my ?self|my (?:own )?"
        r"(?:arms?|wrists?|legs?|thighs?|skin|stomach|tummy))\b(?! (?:a|an|some|another|more|the) \w)"
    ), unless=("accident", "history", "literary", "game", "joke")),
    # Telling a child to harm themselves: "cut yourself and send a photo", "cut a mark into your arm",
    # "kill yourself" (a dare, a "challenge", a bully).
    Cue(SELF_HARM, "harm-yourself", _re(
        r"\b(?:cut|hurt|harm|burn|starve|kill|stab|strangle|hang) (?:yourself|urself|your ?self|ur ?self)\b"
        r"(?! (?:a|an|some|another|more|the) \w)"
        r"|\b(?:cut|burn|scratch|carve) (?:a |an |the |some )?(?:mark|marks|line|lines|word|shape|x|cross|heart|letter)?"
        r" ?(?:into|in|on) (?:your|ur) (?:own )?(?:arms?|wrists?|legs?|skin|thighs?|hands?)\b"
        r"|\b(?:cut|burn|scratch) (?:your|ur) (?:own )?(?:arms?|wrists?|legs?|skin|thighs?)\b"
        r"|\bkys\b"
    ), negatable=True, unless=("history", "literary", "game", "learning"),
        # "be careful not to cut yourself"; "if you cut yourself, platelets make a scab" (first aid, science)
        not_before=re.compile(r"\b(?:careful|mind|try) (?:not )?(?:to )?$|\b(?:if|when|whenever|in case) (?:you|u) (?:ever )?$")),
    Cue(SELF_HARM, "hurt-myself", _re(
        r"\b(?:cut|cuts|burnt|burned|hurt|hurting|hurts|hit|hitting|punch|punched|punching|bite|biting|bit|scratch"
        r"|scratched|bang|banging) my ?self\b"
    ), weight=WEAK, unless=("accident", "history", "literary", "game"), amplify=("deliberate",)),
    Cue(SELF_HARM, "hurt-my-body", _re(
        r"\b(?:scratch|scratching|scratched|cut|cutting|pick|picking|burn|burning|burnt|hit|hitting|bang|banging|punch|punching"
        r"|bite|biting|bit|pinch|pinching)"
        r" my (?:own )?(?:arms?|wrists?|legs?|skin|head|thighs?|stomach|tummy|hands?)\b"
    ), weight=WEAK, unless=("accident", "history", "literary", "game"), amplify=("deliberate",)),
    Cue(SELF_HARM, "someone-else", _re(
        r"\b(?:is|been|keeps|was|are|were|started|keep) (?:cutting|hurting|harming|starving) (?:herself|himself|themselves|themself)\b"
        r"|\b(?:wants|want|going|tried|trying|threatened|threatening) to (?:kill|hurt|harm|cut) (?:herself|himself|themselves|themself)\b"
        r"|\b(?:she|he|they|my friend)\w* (?:said|says|told me|keeps saying) (?:that )?(?:she|he|they) (?:wants|want|wanted) to"
        r" (?:die|disappear (?:forever|for ever|for good)|not be alive|not exist|end it all|kill (?:herself|himself|themselves))\b"
        r"|\b(?:no ?one|nobody) would (?:even )?(?:notice|care|miss (?:her|him|them)) if (?:she|he|they) (?:died|was dead|were dead"
        r"|was gone|disappeared)\b"
        # "she doesnt want to wake up any more", "he wishes he could go to sleep forever"
        r"|\b(?:she|he|they) (?:doesnt|does not|dont|do not|didnt) (?:want|wanna) to (?:wake up(?: any ?more| again)?"
        r"(?! (?:early|yet|today|tomorrow|for school|on|in|at|with|near))|(?:be alive|live|be here|exist) any ?more)\b"
        r"|\b(?:she|he|they) (?:wish|wishes|wished) (?:she|he|they) (?:could |would |was |were )?(?:just )?(?:go to sleep (?:forever|for ever)"
        r"|never wake up|not wake up|(?:was|were) dead|(?:wasnt|werent) alive|had never been born|never been born|disappear)\b"
        # "she has been taking her mums tablets, more than you are supposed to"
        r"|\b(?:she|he|they)(?: has| have| had)?(?: been)? (?:taking|took|taken|swallowed|swallowing) (?:her|his|their) (?:own )?"
        r"(?:mums |dads |nans |grans |parents )?(?:tablets|pills|medicine|paracetamol)\b[^.\n]{0,30}?\b(?:more than|too many"
        r"|loads|lots|a lot|all of)\b"
    ), unless=("history", "literary", "game", "learning", "advice")),
    # abuse disclosures -----------------------------------------------------------------
    Cue(ABUSE, "harmed-by-adult", _re(
        HARM_VERB + r" (?:me|us|my (?:little |baby |big )?(?:brother|sister|mum|mom)|mum|mummy|mam|mom"
        r")\b|\b(?:" + HARM_VERB[3:-1] + r"|pull(?:s|ed|ing)?|squeez(?:es|ed|ing)|twist(?:s|ed|ing)?)"
        r" (?:me )?(?:by )?my (?:neck|throat|hair|arms?|wrists?|face|ears?)\b"
        r"|\b(?:push|pushes|pushed|pushing|threw|throws|chucked) me (?:into|against|down|over|onto|hard|across)\b"
    ), weight=WEAK, unless=("play", "history", "literary", "game", "joke"), amplify=("home",),
        before=re.compile(r"\b(?:" + FAMILY + r"|he|she|they)(?: [a-z]+,?){0,4} $"),
        not_before=re.compile(r"\b(?:i|we|you|u)(?: (?:just|accidentally|never|didnt|did|always|sometimes|then|also))? $")),
    Cue(ABUSE, "burnt-by-adult", _re(
        r"\b(?:held|holds|hold|put|puts|pushed|pushes|pressed|presses) my (?:hand|hands|arm|fingers?|face|head|feet|foot)"
        r" (?:on|onto|in|into|under|against) (?:the |a )?(?:hob|cooker|oven|iron|fire|radiator|kettle|boiling|hot)\b"
        r"|\b(?:burnt|burned|burns) me with (?:a |the |her |his )?(?:cigarette|lighter|iron|hob|kettle|match|fag)\b"
    ), unless=("literary", "history", "game")),
    # heard or seen at home: "he pushed her into the wall", "dad hit mum"
    Cue(ABUSE, "harmed-parent", _re(
        r"\b(?:he|dad|my dad|stepdad|my stepdad|(?:mums|my mums|moms|mams) (?:boyfriend|partner|husband))(?: [a-z]+){0,2}? "
        r"(?:pushed|pushes|hit|hits|punched|punches|slapped|slaps|kicked|kicks|shoved|shoves|grabbed|grabs|strangled|choked|chokes|threw"
        r"|throws|beat|beats|hurt|hurts) (?:her|mum|my mum|mam|my mam|mom|my mom)\b(?! (?:the|a) ball)"
    ), weight=WEAK, unless=("literary", "history", "game", "joke", "play"), amplify=("fear",)),
    # told about a friend: "his dad kicks him when he's been drinking"
    Cue(ABUSE, "harmed-friend", _re(
        # "his dad", "jakes dad", "my mates mum" (a name's apostrophe is dropped in the normalised text)
        r"\b(?:his|her|their|my (?:friends|mates|best friends|cousins)|(?!(?:its|this|was|is|has|does|says|goes)\b)[a-z]{2,}s) "
        + HOME_ADULT + r" (?:always |keeps |sometimes |often )?" + HARM_VERB + r" (?:him|her|them)\b"
        r"(?! (?:the |a )?(?:ball|balls))"  # "his dad kicks him the ball" (not "play": "told me at football training that ...")
        # "her dad does it with his belt when she is naughty"
        r"|\b(?:his|her|their) " + HOME_ADULT + r" (?:does|did|do) it with (?:his|her|their|a|the)"
        r" (?:belt|stick|slipper|shoe|cable|wire|spoon|hairbrush)\b"
    ), weight=WEAK, unless=("history-p", "literary-p", "game", "joke", RETELLING), amplify=("home", "confided-p")),
    # the police called to a home in the night: "the police came in the night with blue lights"
    Cue(ABUSE, "police-at-home", _re(
        r"\b(?:the )?police (?:came|come|were called|had to come) (?:round |to our (?:house|flat|home) |in the night |at night )"
        r"|\b(?:hid|hide|hiding) (?:under|in) (?:my|the) (?:bed|wardrobe|cupboard)\b(?! (?:in|during|for) hide and seek)"
    ), weight=WEAK, unless=("literary", "game", "history", "learning", "play"), amplify=("fear",)),
    # kept quiet with a threat: "if I stop or tell anyone they'll hurt my mum", "he says if I tell anyone he'll put them on the internet"
    Cue(ABUSE, "threatened-if-i-tell", _re(
        r"\bif i (?:[a-z]+ ){0,4}?(?:tell|told|say anything|grass)\b(?: [a-z]+){0,4}? (?:theyll|hell|shell|they will|he will|she will"
        r"|theyd|hed|shed|they would|he would|she would|theyre going to|hes going to|shes going to|theyre gonna|hes gonna|shes gonna)"
        r" (?:hurt|kill|beat|hit|batter|stab|get|put|post|send|show|take|come)\b"
        # "mum said we mustnt tell school or we might get taken away"
        # the punishment named: "he said if i tell anyone at school i will get the belt again"
        r"|\bif (?:i|we) (?:[a-z]+ ){0,4}?(?:tell|told|say anything)\b(?: [a-z]+){0,4}? (?:i|we)(?:ll| will| would| am going to"
        r"| are going to| might)? (?:get|be) (?:the belt|a beating|a hiding|a smack|battered|beaten|smacked|hit|hurt|whacked|slapped"
        r"|belted|locked in|locked out)\b"
        r"|\b(?:not (?:allowed|aloud)|never allowed|mustnt|cant) (?:to )?tell (?:anyone|anybody|a teacher|teachers|the teachers|school)"
        r"(?: [a-z]+){0,3}? or (?:she|he|i|they|we)(?:ll| will| would)? (?:get|be) (?:it )?(?:worse|hurt|hit|beaten|smacked|the belt"
        r"|a hiding|battered|in (?:big )?trouble)\b"
        r"|\b(?:tell|told|say anything|grass)\b(?: [a-z]+){0,4}? or (?:we|i)(?:ll| will| would| might| could| can)? (?:get |be )?"
        r"(?:taken away|put in care|put into care|put in a home|sent away)\b"
        # the threat first: "he said i will get put in a home if i tell anyone"
        r"|\b(?:he|she|they) (?:said|says|told me|tells me|keeps saying) (?:that )?(?:i|we|my [a-z]+)(?:ll| will| would| are going to"
        r"| is going to| am going to)? (?:get |be )?(?:put in(?:to)? (?:a home|care)|taken (?:away|into care)|sent away|hurt|killed"
        r"|in (?:big |so much )?trouble) if (?:i|we) (?:tell|told|say anything to) (?:anyone|anybody|any ?one|someone|a teacher"
        r"|the teachers?|you|school|the police|my (?:mum|dad|teacher))\b"
    ), unless=("literary", "game", "joke", "advice", "learning")),
    # criminal exploitation: "older boys give me packages to take to a flat", "they say I owe them"
    Cue(ABUSE, "exploitation", _re(
        r"\b(?:giving|give|gives|gave|makes?|made|making|get|gets|got) me (?:to )?(?:packages?|parcels?|bags?|stuff|things|a phone)"
        r" (?:to (?:take|deliver|carry|drop|hold|hide|keep)|for them)\b"
        r"|\b(?:they|he|she) (?:say|says|said) i owe (?:them|him|her)\b|\bi owe (?:them|him|her) (?:for|money)\b"
        # "im not allowed to open it"
        r"|\b(?:not (?:allowed|aloud)|never allowed|cant|mustnt|not supposed) (?:to )?(?:open|look in|look inside) (?:it|the (?:parcel|package|bag))\b"
    ), weight=WEAK, unless=("literary", "game", "history", "joke")),
    # "i can earn £20 every time i ride a little parcel over to his mate"
    Cue(ABUSE, "parcel-errand", _re(
        r"\b(?:take|carry|deliver|drop|ride|bike|run|bring|drop off) (?:a |the |little |small |some |these |his |their )*"
        r"(?:parcels?|packages?|packets?|bags?) (?:over |round |across )?(?:to|for) (?:his|her|their|a|some) (?:mates?|friends?|people"
        r"|man|bloke|lad|guy)\b"
    ), weight=WEAK, unless=("literary", "game", "history", "joke")),
    Cue(ABUSE, "touching", _re(
        r"\btouch(?:es|ed|ing)? (?:me|my) " + gap(3) + r"(?:private|privates|down there|bottom|bum|willy|chest|under my)\b"
        r"|\bprivate (?:parts|places|bits)\b"
        r"|\bmakes? me (?:touch|undress|take (?:off )?my clothes|take my clothes off|watch (?:rude|naked))\b"
        r"|\btouch(?:es|ed)? me (?:where|in a way|and i didnt like|when no ?one|when nobody)\b"
        r"|\b(?:he|she|they|and) (?:said|says) (?:its|it is|it was) (?:our|a|their|there|his|her) (?:little |special )?secret\b"
    ), unless=("learning", "literary")),
    # emotional abuse: an adult at home putting the child down, wishing they had not been born
    Cue(ABUSE, "put-down-at-home", _re(
        r"\b(?:" + HOME_ADULT + r") (?:always |keeps |never stops |just )?(?:calls?|calling|called) me (?:[a-z]+ ){0,3}?"
        r"(?:useless|stupid|worthless|fat|ugly|a mistake|an idiot|rubbish|pathetic|a waste of space|a freak|horrible names)\b"
    ), weight=WEAK, unless=("joke", "game", "literary", "history"), amplify=("home",)),
    Cue(ABUSE, "unwanted-child", _re(
        r"\b(?:says|said|tells me|told me|keeps saying|shouts|shouted|screams|screamed) (?:that )?(?:she|he|they) (?:wish|wishes|wished)"
        r" (?:i|id) (?:was|were|had)? ?(?:never been born|never born|not born|dead|never had me|gone)\b"
        r"|\b(?:says|said|tells me|told me|keeps saying|shouts|shouted) (?:that )?(?:im|i am|i was) (?:a mistake|unwanted|worthless"
        r"|useless|the reason (?:they|she|he))\b"
        r"|\b(?:she|he|they) (?:wish|wishes|wished) (?:she|he|they) (?:never had me|didnt have me|had never had me)\b"
    ), unless=("literary", "history", "game")),
    # grooming or abuse by a known adult: made to sit on a lap, watched in the bath
    Cue(ABUSE, "made-to", _re(
        r"\b(?:makes?|made|wants?|wanted|tells?|told|asks?|asked) me (?:to )?(?:sit on (?:his|her|their) (?:lap|knee)"
        r"|sleep in (?:his|her|their) bed|get in(?:to)? (?:his|her|their) bed|kiss (?:him|her|them)|have a (?:bath|shower) with"
        r"|take a (?:bath|shower) with|keep (?:a |our |their |his |her )?secrets?)\b"
        r"|\b(?:(?:takes?|took|taking) (?:pictures|photos|pics|videos) of|watch|watches|watching|watched|films?|filmed|filming) me"
        r" (?:in the (?:bath|shower)|with no clothes|naked|get(?:ting)? changed|undress\w*"
        r"|get(?:ting)? (?:dressed|undressed))\b"
        # "he made her do stuff she didnt want to do with his friends"
        r"|\b(?:makes?|made|making|forced|forces|forcing) (?:me|her|him|them) (?:to )?do (?:stuff|things|something|sexual \w+"
        r"|rude \w+)(?: (?:with|for|to) (?:him|her|them|his|her|their) ?\w*)? (?:i|she|he|they) (?:didnt|did not|doesnt|does not"
        r"|dont|do not) (?:want|wanna|like)\b"
    ), weight=WEAK, unless=("literary", "joke", "game"), amplify=("unwanted",)),
    Cue(ABUSE, "cover-story", _re(
        r"\b(?:said|says|told me|tells me|made me|makes me|wants me|told us) (?:to )?(?:say|pretend|lie and say|lie|tell (?:everyone|people"
        r"|them|anyone|anybody|the teachers?|school|the school|the doctor|the nurse)) "
        r"(?:that )?i (?:fell|tripped|walked into|banged|bumped|did it|hurt myself|fell over|fell down|fell off)\b"
        # "he said i have to say i fell off my bike", "i had to tell mrs wright i burnt it on a pan"
        r"|\b(?:said|says|told me|tells me) i (?:have|had|got) to (?:say|tell (?:[a-z]+ ){0,3}?)(?:that )?i (?:fell|tripped|walked into"
        r"|banged|bumped|did it|burnt|burned|hurt)\b"
        r"|\bi (?:had|have) to (?:tell|say to) (?:[a-z]+ ){1,3}?(?:that )?i (?:fell|tripped|walked into|banged|bumped|burnt|burned|hurt)"
        r" (?:it|myself|my)\b"
        # a parent's cover story seen through: "she said she walked into the cupboard door but i know she didnt"
        r"|\b(?:she|he|mum|my mum|dad|my dad) (?:said|says|told me|told us) (?:that )?(?:she|he) (?:walked into|fell|tripped|banged|bumped)"
        r"[^\n]{0,50}? but (?:i|we) know\b"
        r"|\b(?:bruises?|marks|cuts|burns?|black eye|a cut) (?:[a-z]+ ){0,3}?(?:from|off|cos of|because of) (?:my |our )?"
        + HOME_ADULT + r"\b(?! (?:was|were) (?:playing|joking))"
    ), unless=("literary", "history", "play")),
    Cue(ABUSE, "night-visits", _re(
        r"\b(?:comes?|coming|came|gets?|getting|got|creeps?|creeping|crept|sneaks?|sneaking) (?:in|into) (?:my|our|her|his|a girls|a boys"
        r"|a childs|a kids|their) (?:room|bedroom|bed)\b"
        r"|\b(?:sleeps?|sleeping|slept|lies|lying|lay|gets?) (?:in|into) (?:my|our) bed\b"
        r"|\b(?:comes?|coming|came|walks?|walking|walked|barges?|barging) (?:in|into) the (?:bathroom|toilet|shower)"
        r" (?:when|while) (?:im|i am|i was) (?:in the (?:bath|shower|toilet)|getting changed|changing|undress\w*)\b"
    ), weight=WEAK, unless=("literary", "joke", "game"), amplify=("unwanted",),
        before=re.compile(r"\b(?:" + FAMILY + r"|he|she|they)(?: [a-z]+,?){0,4} $"),
        not_before=re.compile(r"\b(?:brother|sister|cousin|dog|cat|puppy|kitten)(?: [a-z]+,?){0,4} $")),
    Cue(ABUSE, "scared-to-go-home", _re(
        r"\b(?:scared|afraid|frightened|terrified|petrified|too scared) (?:to go|of going|to be|to get) (?:back )?home\b"
        r"|\bscared of (?:what (?:will|might) happen|going) (?:at|when i get) home\b"
    ), unless=("literary",)),
    Cue(ABUSE, "dont-want-home", _re(r"\b(?:dont|do not) (?:want|wanna) to go (?:back )?home\b"), weight=WEAK,
        unless=("literary", "joke"), amplify=("fear",)),
    Cue(ABUSE, "scared-of-adult", _re(
        r"\b(?:scared|afraid|frightened|terrified) of (?:my |our )?" + HOME_ADULT + r"\b"
    ), weight=WEAK, unless=("literary", "joke"), amplify=("fear",)),
    Cue(ABUSE, "bruises", _re(
        r"\bbruis(?:e|es|ed|ing)\b|\bmarks on (?:my|her|his) (?:back|arms?|legs?|face|neck|body|bum|bottom)\b|\bmarks on my\b"
        r"|\b(?:big |massive |huge |dark )?(?:purple|black|blue|red) marks (?:all )?(?:on|down|over|across|up)\b"
        r"|\bmy (?:arm|arms|leg|legs|face|eye|back|neck|wrist|cheek) (?:went|goes|is|was|turned|has gone|is all) (?:all )?"
        r"(?:purple|black and blue|blue and black|black|red and purple)\b"
    ), weight=WEAK,
        unless=("accident", "literary-p", "history-p", RETELLING), amplify=("fear-of-adult",)),
    Cue(ABUSE, "told-you", _re(
        r"\b(?:please )?(?:dont|do not) tell (?:him|her|them|my " + HOME_ADULT + r") (?:that )?i (?:told|emailed|said)\b"
        r"|\b(?:he|she|they)(?:ll| will| would)? (?:kill|hurt|hit) me if (?:i|he|she|they) (?:tell|told|find|finds|found)\b"
    ), weight=WEAK),
    Cue(ABUSE, "not-eaten-for-days", _re(
        r"\b(?:havent|have not|hasnt|didnt|did not|not) (?:eaten|had (?:any )?(?:food|dinner|tea|breakfast|anything to eat))"
        r" (?:for|in) (?:days|two days|three days|[0-9]+ days|a few days|ages)\b"
    ), unless=("literary", "history", "game", "joke")),
    Cue(ABUSE, "left-alone-at-night", _re(
        r"\b(?:mum|mom|mam|dad|my mum|my mom|my dad|my parents|she|he|they) (?:goes|go|went|going) out (?:at night|every night|all night"
        r"|in the night)\b[^\n]{0,80}?\b(?:me|us|we|my (?:brother|sister))\b"
        r"|\bleft (?:me|us) (?:alone|on (?:my|our) own|by (?:my|our) ?sel(?:f|ves))(?: [a-z]+){0,3}? (?:at night|all night|overnight"
        r"|till|until)\b"
    ), weight=WEAK, unless=("literary", "history", "game", "joke")),
    Cue(ABUSE, "neglect", _re(
        r"\b(?:no|not any|not enough|never any|never enough|never) (?:any )?food (?:at|in) (?:home|the house|my house)\b"
        r"|\b(?:havent|have not|hasnt|didnt|did not) (?:eaten|had (?:any )?(?:food|dinner|tea|breakfast)) (?:for|since) "
        r"yesterday\b"
        r"|\block(?:s|ed)? me (?:in|out)\b|\bleft (?:me )?(?:home )?alone (?:all|for) (?:night|weekend|days|the weekend)\b"
        r"|\b(?:theres|there is|there was|there isnt|there wasnt|we have|we had|weve got|we dont have|we didnt have|we never have)"
        r" (?:no|never|not|nothing|never any|not any|not enough|hardly any)(?: anything| enough| any)? (?:to eat|food)\b"
        r"|\b(?:doesnt|dont|didnt|never|does not|did not) (?:come|comes|came) (?:back|home) (?:some nights|at night|all night|for days"
        r"|all weekend|(?:until|till|til) (?:morning|the morning|the next day))\b"
        r"|\b(?:mum|mom|mam|dad|my mum|my mom|my dad|my parents|my mam|my nan|my gran)\s+(?:hasnt|has not|havent|have not|didnt"
        r"|did not) (?:come|came|been) (?:back |home )?(?:home )?(?:since|for (?:days|two days|[0-9]+ days|ages|a week)|all (?:week|weekend))\b"
        r"|\b(?:there isnt|there is not|there wasnt|theres no|we havent got|we have no|we got no) (?:any )?(?:food|anything to eat)"
        r" (?:left|in the house|at home)\b"
        r"|\b(?:there isnt|there is not|theres not|there wasnt|we havent got|we dont have|we never have) (?:much|enough|any) food\b"
        # a parent who cannot get up; a child who feeds the little ones
        r"|\b(?:mum|mom|mam|dad|my mum|my mom|my dad) (?:hasnt|has not|havent|didnt|did not)(?: really)? got (?:up|out of bed)"
        r" (?:since|for|all)\b"
        r"|\b(?:doing|making|cooking|getting) my (?:little |baby )?(?:sisters?|brothers?|siblings)(?: [a-z]+)? (?:tea|dinner|breakfast"
        r"|food)\b"
        r"|\b(?:look|looking|looked) after my (?:baby |little )?(?:brothers?|sisters?|siblings) (?:on my own |by myself )?"
        r"(?:all night|all weekend|every night|overnight|for days)\b"
    ), weight=WEAK, unless=("literary", "game", "joke"), amplify=("home",)),
    Cue(ABUSE, "hungry", _re(r"\b(?:always|so|really|very|still) (?:hungry|starving)\b"), weight=WEAK,
        unless=("literary", "joke", "game"), companion=True),
    # grooming ----------------------------------------------------------------------------
    Cue(GROOMING, "hide-from-adults", _re(
        r"\b(?:dont|do not|never|no need to|dont have to|dont need to|you dont have to|you dont need to|without)"
        r" (?:ever )?(?:even )?(?:think (?:about|of) |dare |try )?(?:tell|show|ask|involve|let|mention|bring)\w* (?:" + YOUR
        + r" |anyone|anybody|a |an |any |the )?" + ADULTS + r"\b"
        # told about a friend: "he says she mustnt tell her mum"
        r"|\b(?:she|he) (?:mustnt|must not|cant|cannot|isnt allowed to|is not allowed to|shouldnt|should not) (?:ever )?(?:tell|show|let)"
        r" (?:her|his) " + ADULTS + r"\b"
        r"|\b" + YOUR + " " + ADULTS + r" (?:dont|doesnt|dont need to|doesnt need to|wont|will not|neednt|never|do not) "
        r"(?:need to |have to |ever )?(?:know|find out)\b"
        r"|\b(?:keep|hide) (?:it|this|us|me|these) (?:a )?(?:secret )?from " + YOUR + " " + ADULTS + r"\b"
    ), weight=WEAK, adult=STRONG, unless=("surprise", "advice", PUPIL_STORY), amplify=(PUPIL_TO_OUTSIDER,)),
    Cue(GROOMING, "our-secret", _re(
        # (not gossip: "a secret about u", "my secret santa", "a secret recipe")
        r"\b(?:their|his|her) (?:little |special )secret\b"
        r"|\b(?:our|a|my|your) (?:little |special |big |own )?secret\b(?! (?:about|santa|recipe|ingredient|door|passage|tunnel"
        r"|base|code|level|room|agent|garden))"
        r"|\bkeep (?:it|this|us|me|that) (?:a )?(?:secret|between us|to yourself|quiet)\b"
        r"|\bkeep (?:our|these|the|my|this) (?:chats?|messages?|emails?|texts?|friendship|photos?|pics?) (?:a )?secret\b"
        r"|\b(?:just )?between (?:you and me|us two|me and you|you and i)\b|\bjust between us\b|\bbetween us (?:ok|okay|yeah|right)\b"
    ), weight=WEAK, adult=STRONG, unless=("surprise", "literary", "game", "advice", PUPIL_STORY), amplify=("little-secret",),
        negatable=True,
        # "children often keep it secret because they are scared": said of others
        not_before=re.compile(r"\b(?:they|children|kids|people|victims|some children|many children)(?: [a-z]+){0,2} $")),
    Cue(GROOMING, "hide-contact", _re(
        r"\b(?:dont|do not|never|not|havent|have not|didnt|did not|wont|will not|cant|mustnt) (?:ever )?(?:tell|told|telling|say|said|mention)\w* "
        + gap(6) + r"(?:about (?:me|us|you|u|this (?:email|message|chat|mail)|(?:our|the|these|those) (?:chats?|emails?|messages?|texts?"
        r"|pics?|photos?|friendship))"
        r"|(?:that )?(?:i|we) (?:emailed|messaged|texted|wrote|talk|talked|chat|chatted|spoke|speak|sent|met|meet|are friends|are talking)"
        r"|(?:that )?were (?:talking|friends|chatting|speaking|messaging)"
        r"|(?:that )?(?:this|my) (?:email|message))\b"
    ), weight=WEAK, adult=STRONG, unless=("surprise", "advice"), amplify=(PUPIL_TO_OUTSIDER,)),
    Cue(GROOMING, "mature-for-age", _re(
        r"\b(?:mature|grown[- ]?up|old|clever|sensible) for " + YOUR + r" age\b"
        r"|\b(?:mature|grown[- ]?up|clever|sensible) for (?:(?:a|an) [0-9a-z]+ ?(?:year old|yr old|yo)|[0-9]+|someone " + YOUR + r" age"
        r"|(?:a )?(?:kid|girl|boy)s? " + YOUR + r" age)\b"
        r"|\b(?:more|so|really|very|much) (?:mature|grown[- ]?up) than (?:the )?other\b"
    ), weight=WEAK, adult=STRONG, unless=("literary", "advice")),
    Cue(GROOMING, "nudes", _re(r"\bnudes?\b|\b(?:naked|topless|undressed) (?:photos?|pics?|pictures?|selfies?|videos?)\b"
                              r"|\b(?:photos?|pics?|pictures?|selfies?|videos?) of (?:me|you|u|yourself|urself|myself) (?:with )?(?:no|without"
                              r" (?:a |my |your |ur |any )?)(?:top|clothes|shirt|t-shirt|trousers|pants)(?: on)?\b"
                              r"|\bsend (?:me|us) (?:a |some )?(?:naked|sexy|rude) \w+"), unless=("learning", "advice")),
    Cue(GROOMING, "photo-of-you", _re(
        r"\bsend (?:me|us) " + gap(3) + r"(?:photos?|pics?|pictures?|piccies|selfies?|videos?|vids?|snaps?)"
        r" (?:of (?:you|u|yourself|urself|your ?self|your (?:body|face|legs|feet))|in (?:your|ur) (?:pyjamas|pjs|swimsuit"
        r"|swimming costume|underwear|bikini|bedroom|bed))\b"
        r"|\bsend (?:me |us )?(?:a |some |more |your |ur )?selfies?\b"
        r"|\b(?:photos?|pics?|pictures?) of (?:yourself|urself)\b"
        r"|\b(?:need|want|like|love) (?:a |some |more )?(?:photos?|pics?|pictures?|selfies?) of (?:you|u)\b(?! (?:and|with|holding|at|in (?:the|your) (?:class|team)))"
        r"|\bsend (?:me|us) (?:a |an |some )?(?:photo|pic|picture|selfie|video)\b(?! of (?:the|your|my|our|a|an|his|her|their|it|this|that)\b)"
        r"(?= ?(?:[?!.]|$|\n|please|pls|x|now|tonight|later|just|of you))"
    ), weight=WEAK, adult=STRONG, unless=("learning", "advice"), amplify=("photo-for-me",)),
    # Where a child lives or goes to school: from an outsider to a pupil's own address it is
    # grooming on its own (to a class address the school is already known, and "where do you
    # live?" to a whole class is a geography question).
    Cue(GROOMING, "where-live", _re(
        r"\bwhere (?:do )?(?:you|u) live\b|\b(?:tell|send|give) (?:me|us) where (?:you|u) live\b"
        r"|\bwhat school (?:do|are) (?:you|u) (?:go to|at|in)\b"
    ), weight=0, adult=WEAK, amplify=("visit", OUTSIDER_TO_PUPIL), unless=("advice", "surprise")),
    # A child's home address or phone number asked for: from any outsider it is grooming on its own.
    Cue(GROOMING, "ask-address-or-number", _re(
        r"\b(?:tell|send|give|text|email|message|dm) (?:me|us) " + YOUR + r" (?:home )?address\b"
        r"|\b(?:send|text|email|message|dm|give) (?:me |us )?(?:a |your |ur )?(?:[a-z]+ ){0,3}?(?:and|with|plus) " + YOUR + r" (?:home )?address\b"
        r"|\bwhat(?:s| is)? " + YOUR + r" (?:home )?address\b|\b(?:i )?(?:just )?(?:need|want) " + YOUR + r" (?:home )?address\b"
        r"|\bwhat(?:s| is)? " + YOUR + r" (?:phone |mobile |mob |home |whatsapp |)(?:number|no)\b(?! (?:one|1|two|2|three|3)\b)"
        r"|\b(?:tell|send|give|text|email|message|dm|gimme) (?:me |us )?" + YOUR + r" (?:phone |mobile |mob |home |whatsapp |)(?:number|no)\b(?! (?:one|1|two|2|three|3)\b)"
    ), weight=0, adult=WEAK, amplify=("visit", OUTSIDER), unless=("advice", "surprise", "numbers")),
    Cue(GROOMING, "asked-me-for-photos", _re(
        r"\b(?:asked|asks|asking|wants|wanted|told|keeps asking|keep asking|kept asking) me to send (?:him|her|them) " + gap(2)
        + r"(?:photos?|pics?|pictures?|selfies?|videos?|nudes?)\b"
        r"|\b(?:asked|asks|asking|wants|wanted|told) me to send (?:(?:some|a|more|any) )?(?:photos?|pics?|pictures?|selfies?|videos?)"
        r" (?:of (?:me|myself|my ?self|my body)(?: in (?:my )?(?:pjs|pyjamas|bed|bedroom|underwear|pants|swimsuit|swimming costume|bikini|bath))?"
        r"|in my (?:pjs|pyjamas|bed|bedroom|underwear|pants|swimsuit|swimming costume|bikini|bath))\b"
        r"|\b(?:give|pay|buy|get|send) me " + gap(3) + r"if i send (?:him|her|them) (?:a |some |more )?(?:photos?|pics?|pictures?|selfies?|videos?)\b"
        # told about a friend: "he keeps telling her to send photos of her in her pyjamas"
        r"|\b(?:asked|asks|asking|wants|wanted|told|tells|telling|keeps asking|keeps telling|kept asking) (?:her|him) to send (?:him |her |them )?"
        r"(?:(?:some|a|more|any) )?(?:photos?|pics?|pictures?|selfies?|videos?) (?:of (?:herself|himself|her|him) )?"
        r"(?:in (?:her|his) (?:pjs|pyjamas|bed|bedroom|underwear|pants|swimsuit|swimming costume|bikini|bath)\b|(?<=of herself)|(?<=of himself))"
    ), unless=("learning", "literary", "advice")),
    # Sexual extortion: "if u dont send me more by tonite ill post them in ur schools group chat".
    Cue(GROOMING, "sextortion", _re(
        r"\bif (?:you|u) (?:dont|do not|wont|will not|stop|refuse to) (?:[a-z]+ ){0,2}?(?:send|sending)\b(?: [a-z0-9]+,?){0,8}?"
        r" (?:ill|i will|im gonna|im going to|i am going to|i shall|ima) (?:post|share|send|show|put|upload|leak|spread)\b"
        r"|\b(?:ill|i will|im gonna|im going to) (?:post|share|send|show|upload|leak|spread) (?:the |ur |your |them |those |these )?"
        r"(?:pics?|photos?|pictures?|videos?|vids?|nudes?)? ?(?:u|you) sent\b"
    ), unless=("learning", "literary", "advice")),
    # A child doing what someone told them: "i deleted ur messages like u said", "i sent u the pic like u asked".
    Cue(GROOMING, "as-you-told-me", _re(
        r"\b(?:i )?(?:deleted|cleared|sent|hid|kept) (?:[a-z]+ ){0,4}?(?:like|as|how) (?:you|u) (?:said|asked|told me|wanted)\b"
    ), weight=WEAK, unless=("learning", "literary", "game", "advice", INSIDE)),
    # a child's report of what someone asks: "keeps asking me to video call him on my own when my mum is asleep"
    Cue(GROOMING, "asked-me-alone", _re(
        r"\b(?:asks?|asked|asking|wants?|wanted|keeps asking|keep asking|told) me to (?:video ?call|facetime|call|ring|message|text"
        r"|snap|come on cam|go on cam|meet) (?:him|her|them)(?: [a-z]+){0,3}? (?:on my own|alone|at night|late at night|in my (?:room|bedroom|bed)"
        r"|when (?:my )?(?:mum|dad|mam|mom|parents|everyone) (?:is|are|was|were) (?:asleep|out|at work))\b"
        r"|\b(?:asks?|asked|asking|wants?|wanted|told) me to wear (?:my |a |his |her )?(?:nightie|nightdress|pjs|pyjamas|underwear"
        r"|bikini|swimsuit|pants|bra)\b"
    ), weight=WEAK, unless=("literary", "advice", "learning")),
    Cue(GROOMING, "gave-me-gifts", _re(
        r"\b(?:he|she|they|someone|a (?:man|boy|girl|lady|person))(?: [a-z0-9]+){0,3}? (?:sent|gave|gives|sends|bought|buys|got) me"
        r" (?:[0-9]+ |loads of |free |some )?(?:robux|vbucks|v-bucks|gift cards?|skins?|money|nitro|a phone|presents?)\b"
    ), weight=WEAK, unless=("literary", "advice", "learning", "surprise")),
    Cue(GROOMING, "told-not-to-tell", _re(
        r"\b(?:told|tells|asked|asks|said|says|made) (?:me )?(?:not|never) to tell (?:my |anyone|anybody|no ?one)"
        r"|\b(?:told me|tells me|said|says) (?:that )?(?:i (?:cant|can not|cannot|mustnt|musnt|must not|shouldnt|am not allowed to"
        r"|not allowed to)|im not allowed to) (?:ever )?tell (?:my |anyone|anybody|no ?one|nobody|mum|dad)"
    ), weight=WEAK, unless=("surprise", "literary", "advice", PUPIL_STORY)),
    Cue(GROOMING, "asked-where-i-live", _re(
        r"\b(?:asked|asks|keeps asking|wanted to know|wants to know) (?:me )?(?:where i live|for my (?:home )?address|what my address is"
        r"|what school i go to|if i am (?:home )?alone|if im (?:home )?alone)\b"
    ), weight=WEAK, unless=("literary", "advice")),
    Cue(GROOMING, "delete-messages", _re(
        r"\b(?:delete|deleted|clear|cleared) (?:this|these|the|our|my|ur|your|all (?:of )?(?:the |these |our |my |ur |your )?)"
        r" ?(?:messages?|emails?|chats?|texts?|conversations?|dms?|mails?)\b(?! (?:and|or) (?:you|u)(?:ll| will) (?:have|get))"
    ), weight=WEAK, adult=STRONG, unless=("game", "advice"), not_before=re.compile(r"\b(?:if (?:you|u)|dont|do not|never|not)\b $")),
    Cue(GROOMING, "private-channel", _re(
        r"\b(?:message|text|add|contact|call|ring|dm|chat|talk|speak|move|switch|continue|carry on|find)\b " + gap(4)
        + r"on (?:whatsapp|snapchat|snap|kik|telegram"
        r"|instagram|insta|tiktok|discord|signal|wickr|facetime)\b|\b(?:more private|somewhere (?:more )?private|in private|privately)\b"
    ), weight=0, adult=WEAK, unless=("advice",)),
    Cue(GROOMING, "gifts", _re(
        r"\b(?:ill|i will|i can|i could|we will|well|we can|we could|i want to|i wanna|id like to|let me|i would|id)"
        r" (?:[a-z]+ ){0,5}?(?:and |then )?(?:buy|get|give|send|post|pay)\w* (?:you|u) (?:a |an |some |loads of |lots of )?(?:[a-z]+ )?(?:present|presents"
        r"|gift|gifts|money|cash|phone|iphone|robux|vbucks|v-bucks|makeup|clothes|trainers|sweets|£[0-9]+|[0-9]+ (?:pounds|quid))\b"
        r"|\bfree (?:clothes|gifts?|phones?|money|robux|vbucks|v-bucks|makeup|trainers|ipad)\b"
        r"|\b(?:modell?ing|acting|casting) (?:contract|job|work|agency|call)\b|\bpaid (?:work|modell?ing|job|advert|photo ?shoot)\b"
        r"|\bpost (?:you|u) (?:a |some )?(?:present|gift)s?\b"
        r"|\b(?:drop|bring|deliver|drop off) (?:off )?(?:your|ur|a|the|some) (?:present|presents|gift|gifts|surprise)\b"
    ), weight=0, adult=WEAK, unless=("advice",)),
    Cue(GROOMING, "flattery", _re(
        r"\b(?:youre|your|ur|you are|u r|u are) (?:so |very |really |soo+ |such a )?(?:pretty|beautiful|gorgeous|sexy|hot|cute"
        r"|stunning|fit|special|mature|grown up)\b"
        r"|\b(?:hey|hi|hello|morning|night|goodnight) (?:gorgeous|sexy|beautiful|babe|baby|sweetie|sweetheart|princess|darling|hun|hunny)\b"
        r"|\b(?:sweetie|cutie|cutie pie|babes|hottie)\b|\b(?:my|our) special (?:friend|friendship|girl|boy)\b"
    ), weight=0, adult=WEAK, unless=("advice",)),
    Cue(GROOMING, "alone", _re(
        r"\b(?:just (?:us|you and me|me and you|the two of us)|(?:come|be) (?:on " + YOUR + r" own|alone)|are (?:you|u) (?:home )?alone"
        r"|home alone|on " + YOUR + r" own)\b"
    ), weight=0, adult=WEAK, unless=("advice",)),
    # Secrecy forced with a threat: "if you stop or tell an adult, something bad will happen to your family".
    Cue(GROOMING, "threatened-secrecy", _re(
        _IF_YOU_TELL + r"(?:" + _LISTENERS + r")\b(?:,? [a-z]+){0,8}? (?:will|gonna|going to|is going to)"
        r" (?:happen|hurt|kill|die|get hurt|come (?:for|after|to)|find|regret|be sorry)\b"
    ), weight=0, adult=STRONG, unless=("reassurance",)),
    Cue(VIOLENCE, "threatened-secrecy-pupil", _re(
        _IF_YOU_TELL + r"(?:" + _LISTENERS + r"|(?:mr|mrs|miss|ms|sir) ?[a-z]*)\b(?:,? [a-z]+){0,8}?"
        r" (?:ill|i will|im gonna|im going to|we will|well|will|gonna|going to|is going to) (?:happen|hurt|kill|die|get hurt|beat"
        r"|batter|smash|punch|stab|regret|be sorry)\b"
    ), adult=0, unless=("reassurance", "literary", "game")),
    Cue(GROOMING, "tell-no-one", _re(r"\b(?:dont|do not|never) tell (?:anyone|anybody|no ?one)\b"),
        weight=0, adult=WEAK, unless=("advice", "surprise")),
    Cue(GROOMING, "personal-questions", _re(
        r"\bhow old are (?:you|u)\b(?! all)|\bare (?:you|u) (?:a )?(?:boy or (?:a )?girl|girl or (?:a )?boy)\b"
        r"|\bwhat do (?:you|u) look like\b|\b(?:see|show me|know) what (?:you|u) look like\b"
    ), weight=0, adult=WEAK, unless=("advice",)),
    Cue(GROOMING, "ask-handle", _re(
        r"\b(?:what(?:s| is)|send me|give me|tell me|whats) " + YOUR + r" (?:snapchat|snap|insta|instagram|username|user name"
        r"|gamertag|gamer tag|tiktok|discord|kik|whatsapp|telegram)\b"
    ), weight=0, adult=WEAK, unless=("advice",)),
    Cue(GROOMING, "camera-on", _re(
        r"\b(?:turn|switch|put|go|get) on " + YOUR + r" (?:webcam|camera|cam)\b|\b(?:turn|switch|put) " + YOUR
        + r" (?:webcam|camera|cam) on\b|\b(?:go|get|come) on (?:cam|camera|webcam|video call|facetime)\b"
        r"|\b(?:video ?call|facetime|call) me (?:tonight|later|when|in (?:your|ur) (?:room|bedroom))\b"
    ), weight=0, adult=WEAK, unless=("advice",)),
    Cue(GROOMING, "confide", _re(
        r"\b(?:you|u) can (?:always )?tell me anything\b|\bi (?:wont|will never|would never|wouldnt) tell (?:anyone|anybody|a soul)\b"
        r"|\bill keep (?:all )?" + YOUR + r" secrets?\b"
    ), weight=0, adult=WEAK, unless=("advice", "literary")),
    Cue(GROOMING, "parents-away", _re(
        r"\b(?:are|is) " + YOUR + r" (?:mum|mom|dad|parents|mum and dad|mum or dad|carers?|nan|gran)"
        r" (?:home|in|out|at work|around|away|there)\b"
        r"|\bwhen (?:do|does) " + YOUR + r" (?:mum|mom|dad|parents|mum and dad) (?:go out|go to work|leave|get home|come home)\b"
        r"|\bis (?:any ?one|any ?body) (?:else )?(?:home|in) with (?:you|u)\b"
    ), weight=0, adult=WEAK, unless=("advice",), amplify=("visit",)),
    # A pupil promising someone outside the school a photo of themselves
    Cue(GROOMING, "promise-photo", _re(
        r"\b(?:ill|i will|i can|i could|im going to|im gonna|ill try (?:and|to)) send (?:you |u )?(?:the |a |my |some |more |that )?"
        r"(?:photos?|pics?|pictures?|selfies?|videos?|vids?)\b"
    ), weight=WEAK, unless=(INSIDE, "learning")),
    Cue(GROOMING, "looks-and-romance", _re(
        r"\b(?:have (?:you|u) got|do (?:you|u) have) (?:a )?(?:boyfriend|girlfriend)\b"
        r"|\b(?:have (?:you|u) ever )?(?:kissed|been kissed)\b"
    ), weight=0, adult=WEAK, unless=("advice", "literary")),
    Cue(GROOMING, "trust-me", _re(
        r"\btrust me more than (?:" + YOUR + r" |anyone|anybody)?" + ADULTS + r"\b"
        r"|\b(?:im|i am) (?:the only one|your only real friend|the only person) (?:who|that) (?:really )?(?:understands|gets|cares about) (?:you|u)\b"
    ), weight=WEAK, adult=STRONG, unless=("literary", "advice")),
    Cue(GROOMING, "parents-wont-understand", _re(
        r"\b(?:parents|adults|grown ?ups|teachers|mums|dads|" + YOUR + r" (?:mum|dad|parents|teacher)s?)\b,? " + gap(2)
        + r"(?:never|wont|dont|wouldnt|will never) (?:understand|get it|let (?:us|you|u))\b"
        r"|\b(?:shell|hell|theyll|she will|he will|they will|they would|she would|he would) (?:only |just )?(?:stop|split) us\b"
    ), weight=WEAK, unless=("literary", "advice")),
    # violence ------------------------------------------------------------------------------
    Cue(VIOLENCE, "weapon-to-school", _re(
        r"\b(?:bring|bringing|brought|brings|take|taking|carry|carrying|carries|got|have|has|having|hide|hiding|hid)\w* "
        + gap(3) + WEAPON + r"s? (?:to|into|in(?:to)?|at) school\b"
    ), unless=("learning", "history", "literary", "diy"), negatable=True),
    Cue(VIOLENCE, "weapon-intent", _re(
        r"\b(?:bring|get|use|grab|fetch|take|pull)\w* " + gap(3) + WEAPON + r"\b"
    ), unless=("diy", "game", "literary-p", "history-p", "learning"), negatable=True,
        before=re.compile(r"\b(?:im|i am|ill|i will|were|we are|well|we will|gonna|going to|gunna|i shall|i swear i|will"
                          r"|hes|he is|hell|shes|she is|shell|theyre|they are|theyll)\b"
                          r"(?: [a-z]+,?){0,4} $")),
    Cue(VIOLENCE, "stab-shoot", _re(
        r"\b(?:stab|stabbing|stabbed|shoot|shooting|slash|slashing|knife|knifing|behead|beheading|shank|shanking|shanked|merk|merking"
        r"|merked)\b " + PERSON_OBJECT + r"\b" + _NOT_A_MESSAGE
    ), unless=("game", "game-p", "literary-p", "history-p", "learning", "diy", "camera", LITERARY_WORK), negatable=True),
    # said by the writer ("ill shoot you"), whatever else the message is about (not "ill shoot you a message")
    Cue(VIOLENCE, "kill-threat", _re(
        r"\b(?:kill|murder|strangle|stab)\b " + PERSON_OBJECT + r"\b"
        r"|\bshoot\b " + PERSON_OBJECT + r"\b" + _NOT_A_MESSAGE
    ),
        unless=("game", "joke", "literary-p", "history-p", "idiom"), negatable=True,
        before=re.compile(r"\b(?:i|ill|im|i will|we|well|were|we will|gonna|going to|gunna)\b(?: [a-z]+,?){0,3} $")),
    Cue(VIOLENCE, "arson-threat", _re(
        r"\b(?:burn|torch|petrol bomb|firebomb)(?: down)? (?:your|ur|his|her|their) (?:house|home|flat|car)\b"
        r"|\bset fire to (?:your|ur|his|her|their) (?:house|home|flat|car)\b"
    ), unless=("game", "literary-p", "history-p", "learning"), negatable=True,
        before=re.compile(r"\b(?:i|ill|im|i will|we|well|were|we will|gonna|going to|gunna)\b(?: [a-z]+,?){0,3} $")),
    # "I'll get my dad's hammer and smash your head in"
    Cue(VIOLENCE, "weapon-threat", _re(
        r"\b(?:ill|i will|im gonna|im going to|gonna|i swear ill)\b(?: [a-z]+){0,6}? (?:" + WEAPON[3:-1] + r"|hammer|bat|baseball bat|brick"
        r"|crowbar|screwdriver)\b(?: [a-z]+){0,6}? (?:smash|hit|stab|hurt|kill|cave|batter|bash|whack|slash|cut|break)\b"
        r"|\b(?:smash|cave|kick|bash|batter) (?:your|ur|his|her|their) (?:head|face|skull|teeth) in\b"
        # a gang's threat: "we got machetes and well slice him up and u as well"
        r"|\b(?:we|well|we will|we got|weve got|we have)\b(?: [a-z]+){0,6}? (?:" + WEAPON[3:-1] + r")\b(?: [a-z]+){0,6}?"
        r" (?:slice|stab|cut|chop|hurt|kill|batter|slash|shank|carve|do) (?:him|her|you|u|them|ya)\b"
    ), unless=("diy", "game", "game-p", "literary-p", "history-p", "learning")),
    Cue(VIOLENCE, "bomb-making", _re(
        r"\b(?:make|making|made|build|building|built) (?:a |an |the )?(?:bomb|pipe bomb|nail bomb|explosive)s?\b"
        r"(?! (?:in|on) (?:minecraft|roblox)| (?:volcano|bath|fizz|fizzer|cake|shelter|drop|dive|squad|emoji)s?\b)"
        r"|\b(?:put|plant|leave|set off) (?:it|a bomb|the bomb|them) (?:by|at|in|near|outside) (?:the|a) (?:mosque|church|synagogue|temple"
        r"|gurdwara|school|station)\b"
    ), unless=("game", "game-p", "literary-p", "history-p", "learning")),
    Cue(VIOLENCE, "attack-school", _re(
        r"\b(?:shoot|blow|burn|bomb)\w* (?:up |down )?(?:the|our|this|your|ur) school\b|\bschool shooting\b"
        r"|\b(?:bomb|gun|knife) (?:in|at) (?:the|our) school\b"
    ), unless=("learning", "history", "literary", "game"), negatable=True),
    Cue(VIOLENCE, "has-weapon", _re(
        r"\b(?:ive|i have|ive got|i got|hes got|he has|has got|she has|shes got|he carries|he brings|i carry|ive brought"
        r"|theres|is carrying|is bringing|brought)\b " + gap(2) + WEAPON + r"\b"
    ), weight=WEAK, unless=("diy", "game", "literary", "history", "learning"), amplify=("at-school",)),
    Cue(VIOLENCE, "watch-your-back", _re(r"\bwatch (?:your|ur) back\b|\byoull (?:regret|be sorry)\b|\bi mean it\b"),
        weight=WEAK, unless=("game", "literary")),
    # violent extremism -----------------------------------------------------------------
    Cue(EXTREMISM, "violence-only-way", _re(
        r"\bviolence is the only (?:language|answer|way|option|solution)\b"
        r"|\b(?:the )?enem(?:y|ies) (?:must|will|should|need to) be (?:destroyed|wiped out|eliminated|killed|exterminated|crushed)\b"
        r"|\b(?:race|holy) war\b|\bgreat replacement\b|\bwhite (?:power|genocide|pride|race)\b|\bcaliphate\b"
        r"|\b(?:ready|prepared|willing|trained) to (?:fight|die|kill) for (?:our|your|their|the) (?:country|people|race|faith|nation|land|cause)\b"
        r"|\bdie (?:as a martyr|for (?:the cause|allah|our (?:race|nation|country)))\b|\bmartyrdom\b"
        r"|\b(?:britain|england|our country|the west|our land|our nation) is being (?:stolen|invaded|destroyed|replaced|taken|flooded)\b"
        r"|\b(?:our|the) (?:race|people|nation|faith) (?:is|are) under attack\b"
        r"|\b(?:our|the) (?:race|people|nation|kind) (?:is|are) being (?:replaced|wiped out|destroyed|erased|invaded)\b"
        r"|\b(?:jihad|kuffar|kafir|infidels|subhuman|untermensch|zog|14 words|rahowa)\b"
        r"|\b(?:all|every|the) " + GROUP + r" (?:[a-z]+ ){0,4}?(?:should|must|need to|deserve to|have to|are going to) (?:all )?"
        r"(?:die|be killed|be shot|be gassed|burn|be wiped out|be destroyed)\b"
        r"|\bonly violence (?:will|can|is going to) (?:stop|save|fix|solve|change)\b"
        r"|\b(?:martyrs?|shaheeds?) (?:go|goes|will go|get|gets|are rewarded)(?: straight)?(?: to)? (?:paradise|heaven|jannah)\b"
        r"|\b(?:is|are) at war with (?:our|the) (?:faith|religion|people|race|ummah|nation|brothers)\b"
        r"|\bkill (?:all )?(?:the )?(?:muslims|jews|immigrants|foreigners|christians|gays|refugees|migrants)\b"
    ), unless=("history-p", "literary-p", "learning")),
    Cue(EXTREMISM, "enemies-must-die", _re(
        r"\b(?:(?:enemies|unbelievers|non ?believers|infidels|kuffar|traitors|they|them)(?: all)?"
        r"|(?:people|those|anyone|everyone) (?:who|that) (?:[a-z]+ ){1,5}?)(?:deserve to|should|must|need to|have to)"
        r" (?:die|be killed|be punished with death)\b"
        r"|\bcleanse (?:the|our|this) (?:streets|country|town|land|nation|city)\b|\bday of reckoning\b"
        r"|\b(?:they|those people|people like them) (?:dont|do not) belong (?:here|in (?:this|our) country)\b"
    ), weight=WEAK, adult=STRONG, unless=("history-p", "literary-p", "learning")),
    Cue(EXTREMISM, "martyr", _re(
        r"\bbe(?:ing)? a martyr\b|\bkilling (?:them|those people|the enemies|unbelievers) is (?:the )?(?:bravest|right|good|holy|best)\b"
    ), weight=WEAK, adult=STRONG, unless=("history-p", "literary-p", "learning")),
    Cue(EXTREMISM, "cut-off-from-adults", _re(
        r"\b(?:stop|dont|do not) (?:listening|listen) to (?:what )?(?:school|teachers|your teachers|your parents|adults)\b"
        r"|\bsay nothing to (?:them|your teachers|your parents|anyone)\b|\b(?:are|is) recruiting\b"
        r"|\breply [a-z]+ and (?:we|i)(?:ll| will) send (?:you )?(?:the|a) (?:private|secret) (?:link|chat|group)\b"
        r"|\blearn to (?:use|fight with|handle) a (?:blade|knife|gun|weapon)\b"
    ), weight=WEAK, unless=("history-p", "literary-p", "learning", "advice")),
    Cue(EXTREMISM, "group-blame", _re(
        r"\b" + GROUP + r" (?:are|r) (?:taking|stealing|invading|replacing|ruining|destroying|flooding|taking over|controlling)"
        r" (?:everything|our|this|the|us)\b"
        r"|\b(?:the )?" + GROUP + r" (?:control|run|own) (?:everything|the media|the world|the banks|the government|the country)\b"
        r"|\ball " + GROUP + r" (?:are|r) (?:terrorists|vermin|animals|scum|rats|cockroaches|evil|parasites|criminals|the enemy|invaders)\b"
        r"|\b(?:are|is) invading (?:our|this) (?:country|streets|towns?|land|nation|city)\b"
        # "people like them are taking over and ruining our country"
        r"|\b(?:people like them|people like that|those people|these people|they|them)(?: lot)? (?:are|r) (?:taking over|ruining"
        r"|destroying|invading|stealing|replacing)(?: and (?:ruining|destroying|taking over|stealing))? (?:our|this|the) (?:country"
        r"|nation|land|streets|towns?|jobs|homes|way of life)\b"
    ), weight=WEAK, unless=("history-p", "literary-p", "learning")),
    Cue(EXTREMISM, "join-us", _re(
        r"\b(?:youre|you are|ur|u r) (?:one of us|like us|on our side)\b|\bjoin (?:our|the) (?:chat|group|channel|patrol|squad|server)\b"
    ), weight=0, adult=WEAK, unless=("advice", "game")),
    Cue(EXTREMISM, "traitors", _re(r"\btraitors?\b|\bbrainwash\w*|\bwake up\b|\bsheeple\b|\bpatriot\w*|\bthe day (?:comes|is coming)\b"
                                   r"|\btalking has failed\b|\btime for talking is over\b|\btake (?:back )?(?:our|the) country\b|\bthey want (?:you|us) (?:weak|scared|asleep)\b"),
        weight=WEAK, unless=("history-p", "literary-p", "game")),
    Cue(EXTREMISM, "recruit", _re(
        r"\b(?:join|joining|build|building|recruit\w*|raise|raising) (?:an? |our |the )?(?:army|militia|brotherhood|resistance|movement"
        r"|front|cause|struggle|fight|soldiers|patrol|patrols)\b|\breply join\b|\bjoin us\b|\bour (?:private|secret) (?:videos|channel|group|chat)\b"
        r"|\b(?:old enough|ready|big enough) to join (?:his|her|their|our|the) (?:group|gang|army|movement|cause|patrol|side)\b"
    ), weight=WEAK, unless=("history-p", "literary-p", "game", "learning")),
    Cue(EXTREMISM, "extremist-secrecy", _re(
        r"\b(?:dont|do not|never) (?:tell|show|let)\w* (?:" + YOUR + r" )?(?:teachers?|parents|mum|dad|adults|grown ?ups|school)\b"
        r"|\b(?:teachers|parents|adults) (?:are|have been) (?:paid to lie|lying|brainwashed)\b|\bpaid to lie\b"
        r"|\b(?:our |the |your |ur )?(?:teachers|school|the news|the media|the government) (?:lie|lies|are lying|is lying) to (?:us|you|u)\b"
    ), weight=WEAK, unless=("surprise", PUPIL_STORY)),
    Cue(EXTREMISM, "fight-violence", _re(
        r"\bready to fight\b|\bfight for (?:our|your|their) (?:country|people|race|faith)\b|\b(?:use|time for) violence\b"
        r"|\b(?:fight|hit|strike) back\b|\brise up\b|\btake up arms\b|\bwipe (?:them|those|these|the [a-z]+) (?:all )?out\b"
    ), weight=WEAK, unless=("history-p", "literary-p", "game")),
)

# The forms of HARM_VERB, as key words.
_HARM_KEYS = (
    "hit hits hitting beat beats beating beaten kick kicks kicked kicking punch punches punched punching "
    "slap slaps slapped slapping smack smacks smacked smacking hurt hurts hurting strangle strangles strangled strangling "
    "choke chokes choked choking burns burnt burned whip whips whipped belt belts belted lock locks locked grab grabs "
    "grabbed shoves shoved drag drags dragged touch touches touched touching throw throws threw starve starves"
)
# The forms of WEAPON, as key words.
_WEAPON_KEYS = (
    "knife knives blade blades machete machetes gun guns pistol pistols rifle rifles shotgun shotguns axe axes sword swords acid "
    "bomb crossbow weapon weapons penknife"
)
# Key words: each match of a cue contains one of them; a cue none of whose key words is in the text is skipped.
_KEYS: dict[str, str] = {
    "suicide": "suicide suicidal myself self kms unalive life end ending overdose pills tablets paracetamol painkillers jump jumping",
    "urge-to-hurt": "myself self end cuts scratches burns",
    "no-point": "point matters sad cry care miss notice",
    "punch-wall": "till until",
    "put-down-at-home": "call calls calling called",
    "unwanted-child": "wish wishes wished mistake unwanted worthless useless reason",
    "made-to": "makes make made wants want wanted tells tell told asks ask asked watch watches watching watched film films filmed "
    "filming pictures photos pics videos",
    "ask-handle": "snapchat snap insta instagram username user gamertag gamer tiktok discord kik whatsapp telegram",
    "camera-on": "webcam camera cam facetime call",
    "confide": "tell secret secrets",
    "parents-away": "mum mom dad parents carer carers nan gran any anyone anybody",
    "promise-photo": "send",
    "arson-threat": "burn torch bomb firebomb fire",
    "group-blame": "muslims jews immigrants foreigners christians people gays refugees migrants asians blacks whites pakis invading they them those these",
    "join-us": "one like side join",
    "want-to-die": "die wish exist existing alive",
    "not-alive": "want wanna point reason nothing better happier easier anymore any wake miss notice care without gone dead think "
    "thinking thought dream dreaming",
    "disappear": "disappear",
    "hate-my-life": "hate hated",
    "cant-cope": "cant cannot can",
    "unloved": "worthless burden waste empty cares loves likes care hates",
    "make-it-stop": "stop end over away point whats sleep wake",
    "cover-story": "said says told tells made makes wants bruise bruises marks cuts burn burns eye cut had have",
    "self-injury": "myself self self-harm self-harming self-harmed selfharm selfharming harm harmed",
    "told-not-to-tell": "tell",
    "hurt-myself": "myself self",
    "hurt-my-body": "bite biting bit pinch pinching scratch scratching scratched cut cutting pick picking burn burning burnt "
    "hit hitting bang banging punch "
    "punching",
    "someone-else": "herself himself themselves themself die disappear alive exist notice care miss wake live here wish wishes wished tablets pills medicine paracetamol",
    "harmed-by-adult": _HARM_KEYS + " pull pulls pulled pulling squeezes squeezed squeezing twist twists twisted twisting"
                       " push pushes pushed pushing threw throws chucked",
    "touching": "touch touches touched touching private make makes said says",
    "night-visits": "comes come coming came gets get getting got creeps creeping crept sneaks sneaking sleeps sleep sleeping "
    "slept lies lying lay walks walking walked barges barging",
    "scared-to-go-home": "home",
    "dont-want-home": "home",
    "scared-of-adult": "scared afraid frightened terrified",
    "bruises": "bruise bruises bruised bruising marks purple black blue red",
    "told-you": "tell kill hurt hit",
    "neglect": "food eaten had lock locks locked left eat back home after got tea dinner breakfast",
    "not-eaten-for-days": "eaten had",
    "left-alone-at-night": "out left",
    "burnt-by-adult": "held holds hold put puts pushed pushes pressed presses burnt burned burns",
    "harmed-parent": "pushed pushes hit hits punched punches slapped slaps kicked kicks shoved shoves grabbed grabs strangled "
    "choked chokes threw throws beat beats hurt hurts",
    "hungry": "hungry starving",
    "hide-from-adults": "dont do never no without know keep hide mustnt must cant cannot isnt is shouldnt should",
    "our-secret": "secret between keep",
    "hide-contact": "dont do never not havent have didnt did wont will cant mustnt",
    "mature-for-age": "age other mature grown grown-up clever sensible",
    "nudes": "nude nudes naked topless undressed send top clothes shirt t-shirt trousers pants",
    "photo-of-you": "send yourself urself selfie selfies need want like love",
    "where-live": "where school",
    "ask-address-or-number": "address number no",
    "asked-where-i-live": "asked asks asking wanted wants",
    "asked-me-for-photos": "send",
    "delete-messages": "delete deleted clear cleared",
    "private-channel": "whatsapp snapchat snap kik telegram instagram insta tiktok discord signal wickr facetime private privately",
    "gifts": "buy get give send post pay buying getting giving sending posting paying gets gives sends free modelling "
    "modeling acting casting paid drop bring deliver",
    "alone": "just alone own",
    "parents-wont-understand": "understand get let stop split",
    "trust-me": "trust only",
    "tell-no-one": "tell",
    "harmed-friend": _HARM_KEYS + " does did do",
    "police-at-home": "police hid hide hiding",
    "threatened-if-i-tell": "tell told say grass",
    "exploitation": "packages package parcels parcel packet packets bags bag stuff things phone owe open look",
    "parcel-errand": "packages package parcels parcel packet packets bags bag",
    "asked-me-alone": "call videocall facetime ring message text snap cam meet wear",
    "gave-me-gifts": "robux vbucks v-bucks gift card cards skin skins money nitro phone present presents",
    "weapon-threat": _WEAPON_KEYS + " hammer bat brick crowbar screwdriver head face skull teeth",
    "bomb-making": "bomb bombs explosive explosives",
    "enemies-must-die": "die killed punished cleanse reckoning belong",
    "cut-off-from-adults": "listening listen nothing recruiting reply learn",
    "martyr": "martyr killing",
    "sextortion": "send sending sent",
    "as-you-told-me": "deleted cleared sent hid kept",
    "threatened-secrecy": "tell show say",
    "threatened-secrecy-pupil": "tell show say",
    "cut-myself": "cut cutting cuts",
    "blade": "blade blades razor razors thing sharpener sharpeners scissors compass compasses knife knives glass",
    "hiding-marks": "jumper sleeves hoodie cardigan marks cuts scars scratches",
    "harm-yourself": "yourself urself self kys mark marks line lines word shape x cross heart letter arm arms wrist wrists "
    "leg legs skin thigh thighs hand hands",
    "personal-questions": "old boy girl look",
    "flattery": "youre your ur you u sweetie cutie babes hottie hey hi hello morning night goodnight special",
    "looks-and-romance": "boyfriend girlfriend kissed",
    "weapon-to-school": "school",
    "weapon-intent": _WEAPON_KEYS,
    "stab-shoot": "stab stabbing stabbed shoot shooting slash slashing knife knifing behead beheading shank shanking shanked merk "
    "merking merked",
    "kill-threat": "kill murder strangle stab shoot",
    "attack-school": "school",
    "has-weapon": "brought " + _WEAPON_KEYS,
    "watch-your-back": "watch regret sorry mean",
    "violence-only-way": "violence enemy enemies race holy replacement white caliphate fight die kill martyr martyrdom all every "
    "stolen invaded destroyed replaced taken flooded attack jihad kuffar kafir infidels subhuman untermensch zog 14 rahowa only martyr "
    "martyrs shaheed shaheeds war",
    "traitors": "traitor traitors brainwash brainwashed brainwashing wake sheeple patriot patriots patriotic day talking "
    "take they",
    "recruit": "join joining build building recruit recruiting recruitment recruits raise raising reply our",
    "extremist-secrecy": "dont do never teachers parents adults paid school news media government",
    "fight-violence": "fight violence back rise arms wipe",
}
SAFEGUARDING_CUES = tuple(replace(c, keys=keys(_KEYS[c.name])) for c in SAFEGUARDING_CUES)

# Secrets between pupils about a surprise (a card, a present, a party for someone) are innocent.
SURPRISE = rx(
    r"\b(?:surprise|birthday|card for|a card|the card|present for|gift for|leaving (?:card|present|party|do)"
    r"|making (?:him|her|them|mr|mrs|miss|ms|sir) (?:a|an|some)|secret santa|party for|cake for|thank you card"
    r"|mothers day|fathers day|christmas present|wedding|invites?|invitations?)\b"
)


def classify(
    doc: Doc,
    *,
    adult: bool,
    pupil_sender: bool,
    insider: bool | None = None,
    quoted_adult: bool | None = None,
    to_pupil: bool = True,
    to_outsider: bool = False,
    staff: bool = False,
) -> dict[str, tuple[str, int]]:
    """Category -> (cue name, sentence index) for each safeguarding category found in ``doc``.

    ``adult``: the sender is staff or an outsider; ``insider``: the sender is a school
    account (a pupil, group or staff: a surprise excuses their secrets, never an
    outsider's; default: ``pupil_sender``); ``quoted_adult``: the quoted text was
    written by an adult (a pupil answering an outsider); ``to_pupil``: some recipient is
    a pupil's own address (not a group's); ``to_outsider``: some recipient is outside the school;
    ``staff``: the sender is a member of staff, whose safety advice anywhere in the message (a list
    of warning phrases, then "tell a trusted adult") is a lesson, not the thing it warns of.
    """
    insider = pupil_sender if insider is None else insider
    if insider:
        names = {"surprise"} if doc.has(SURPRISE) else set()
        # a teacher's safety lesson, or a pupil's homework on it, lists warning signs: advice, not the thing warned of
        if (staff and doc.has(ADVICE)) or (pupil_sender and safety_lesson(doc)):
            names.add("advice")
        if pupil_sender and doc.has(_STORY_WRITTEN):
            names.add(PUPIL_STORY)
        if pupil_sender and doc.has(LITERARY) and doc.has(SCHOOL_WORK):
            names.add(LITERARY_WORK)  # notes on a poem for a poster: "they shoot him down on the highway"
            if not doc.has(_REPORTED):
                names.add(RETELLING)
        if not to_outsider:
            names.add(INSIDE)
        elif pupil_sender:
            names.add(PUPIL_TO_OUTSIDER)
        flags = frozenset(names)
    else:
        flags = frozenset({OUTSIDER, OUTSIDER_TO_PUPIL} if to_pupil else {OUTSIDER})
    hits = evaluate(doc, SAFEGUARDING_CUES, CONTEXTS, adult=adult, quoted_adult=quoted_adult, flags=flags)
    return {cat: (hit.cue, hit.index) for cat, hit in hits.items()}


@register
class Safeguarding(Policy):
    id = "safeguarding"
    description = "Self-harm, abuse, grooming, violence and extremism: the safeguarding lead is alerted"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        return ctx.pupil_or_group_involved

    def check(self, ctx: Context) -> list[Finding]:
        doc = Doc.of_message(ctx.message)
        if not doc.sentences:
            return []
        pupil = ctx.sender.is_pupil_or_group
        found = classify(
            doc,
            adult=not pupil,
            pupil_sender=pupil,
            insider=pupil or ctx.sender.is_staff,
            # a reply quotes the words of the one it answers: a pupil answering an adult quotes an adult, a
            # teacher answering a pupil quotes the pupil ("> it will be our little secret, said the wolf")
            quoted_adult=any(not r.is_pupil_or_group for r in ctx.recipients),
            to_pupil=any(r.is_pupil for r in ctx.recipients),
            to_outsider=ctx.goes_outside,
            staff=ctx.sender.is_staff,
        )
        out: list[Finding] = []
        for category in CATEGORIES:
            if category in found:
                _, index = found[category]
                out.append(self.finding(category, doc.evidence(index), doc.sentences[index].where))
        return out
