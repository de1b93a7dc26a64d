"""meeting-arrangement: pupils must not arrange to meet anyone without an adult's permission.

Sentence-level pattern families over every text of the message:

- strong cues fire on their own: "meet me/you at ...", "let's meet up", "we
  should meet", "meet irl", "come round to my house", "come to mine", "I'll pick
  you up", "I'll wait for you outside ...", "where do you live? I could come
  round", "see you at the park", "come for a sleepover", "come over tmrw", "my
  brother can drive us to the cinema", "wanna hang out at the shops", "c u at
  the shops sat", "be at the skatepark 5ish", "park at 4?", "I'll come and find
  you", "see you in real life";
- weak cues need a second, different one: an invitation ("you are invited",
  "come to my party") with a home venue ("Where: my house"), hiding it from
  adults ("my mum won't know", "you don't have to ask anyone") with a time or a
  place outside school; "r u coming to the park" with a time or beside "im
  there at 5".

Context rules cancel a match: a meeting inside school ("in assembly", "in the
library at lunchtime", "in class", a school trip), "nice to meet you", meeting
online or in a game world ("meet me on Fortnite", "meet at spawn"), a story or
history ("'Meet me at midnight,' said the wolf"), the school's coach or staff
collecting a class, and, for mail between pupils, an adult's permission ("ask
your mum", "Mum says you can come, she'll ring your mum", "Miss Wright says").
A place near the school ("the McDonalds near your school") is outside it. Past meetings ("I met my target") and meeting
someone who is not the reader ("we will meet the author") never match.

A negation governing the cue cancels it ("dont come to my party", "you cant come
round", "im not allowed to go to the park", "i wont meet you"); one that does not
govern it does not ("why dont you come round", "cant wait to meet you", "dont
tell your mum, come to mine"). Invitations that need an addressee ("come for
tea", "play out") count only at the start of a sentence or after "can you",
"wanna", "lets" ..., so that "my cousins are coming for tea" does not.
"""

from __future__ import annotations

import re
from dataclasses import replace

from policies._phrases import (
    ADVICE,
    GAME,
    HISTORY,
    LITERARY,
    WEAK,
    YOU,
    YOUR,
    Ctx,
    Cue,
    Doc,
    Scope,
    compile_words,
    evaluate,
    keys,
    rx,
    safety_lesson,
    words,
)
from policies.base import Context, Policy, register
from policies.types import Action, Finding

MEETING = "arranging to meet in person"


_re = rx


DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thurs?|fri|sat|sun)s?"
# Places outside school where children meet up.
PLACE = (
    r"(?:(?:skate ?|play ?)?park|rec|shops?|shopping cent(?:re|er)|bus stop|bus station|train station|station|town|"
    r"city cent(?:re|er)|cinema|mcdonalds|maccies|kfc|subway|greggs|leisure cent(?:re|er)|swimming pool|pool|baths|"
    r"woods|forest|field|fields|canal|river|lake|beach|fair|funfair|arcade|car park|high street|corner|end of (?:the|my|your) road|"
    r"chippy|chip shop|cafe|costa|starbucks|library|church|mosque|park gates|garage|alley|bridge|underpass|my house|"
    r"your house|my place|your place|mine|yours|my nans|my dads|my mums|my flat|my garden|the back of|outside|car|van)"
)
# Near future, as pupils spell it.
SOON = r"(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|tmrow|2moro|2morrow|2mrw|tomoz|tonight|tonite|2nite|2night|later|l8r|this arvo)"
# Time expressions: "at 4", "at 11 oclock", "on saturday", "tomorrow", "after school", "tonight".
TIME = (
    r"(?:(?:at |about |around |by )?[0-9]{1,2}(?:[:.][0-9]{2})? ?(?:am|pm|oclock|o clock|ish)|at [0-9]{1,2}(?:[:.][0-9]{2})?|on " + DAY + r"|" + DAY + r"|" + SOON + r"|"
    r"after (?:school|skool|scl)|this weekend|at the weekend|next week|in the morning|in the evening|half term|the holidays)"
)
# A parent or carer (whose arranging it is the permission the policy asks for).
PARENT = (
    r"(?:mum|mom|mam|mummy|mommy|dad|daddy|parents|nan|nana|nanna|gran|grandma|grandad|grandpa|granny"
    r"|step ?(?:mum|mom|dad)|carer|foster (?:mum|dad|carer))s?"
)
# Negation governing the cue that follows it: "dont come", "u cant come", "youre not allowed to come", "i wont meet you".
# A subject after the negation makes it an invitation ("why dont you come round", "cant you come out") and a
# verb other than the few below makes it about something else ("dont forget to come", "cant wait to meet you").
NEGATION = (
    r"\b(?:dont|do not|doesnt|does not|didnt|did not|cant|cannot|can not|wont|will not|wouldnt|would not|shouldnt|should not"
    r"|mustnt|must not|couldnt|could not|never|(?<!why )not|aint|no way (?:i|we|im|ill) (?:will|would|can|am|are|could)?)"
    r"(?: (?:ever|even|really|actually|think about|think of|allowed to|able to|be able to|be allowed to|want to|wanna|going to|gonna|gunna|need to"
    r"|have to|got to|gotta|bother to|bother|try to|dare|dare to|go and|come and|ever again|be|be coming|be going))*"
)
NEGATED = re.compile(NEGATION + r" $")
# Negated, or done by the school's transport or staff: "the coach will come and get you", "staff can take you"
TAKEN_BY_SCHOOL = re.compile(
    NEGATION + r" $|\b(?:coach|coaches|bus|minibus|train|tram|guide|guides|staff|teachers?|driver)"
    r"(?: (?:will|can|could|would|is going to|are going to|should))? $"
)
SLEEPOVER = r"(?:sleep ?over|sleep ?ova|sleep ?ovr|sleeepover)"
# Something that already happened: "i had a sleepover at my nans", "we went to a party at mine".
PAST = r"\b(?:had|went to|was|were|did|enjoyed|loved|liked)(?: (?:a|the|my|our|his|her|their|that|your))? $"
# What precedes an invitation: the start of the sentence (perhaps after a greeting word), "can you", "do you want to",
# "wanna", "you can", "why dont you", "lets", "please".
OPENER = r"(?:hey|hi|hiya|oi|yo|so|ok|okay|and|also|omg|pls|please|plz|just|then|well|right|btw|ps|mate|bestie|and then)"
INVITING_WORDS_ = (
    r"\b(?:(?:can|could|will|would|wud|cud|cn) (?:you|u|ya|yu)(?: (?:maybe|pls|please|both|all|still))?"
    r"|(?:do|d|dya|dyou) (?:you|u|ya|yu) (?:want|wanna|wana)(?: to)?|dya (?:want to|wanna)|wan+a|want to"
    r"|(?:you|u|ya|yu) (?:can|could|should|must|have to|gotta|need to|wanna|want to)|why dont (?:you|u|ya|yu)"
    r"|lets|please|pls|plz|shall we|should we|can we|could we|we (?:could|can|should|shall)|(?:do )?(?:you |u )?fancy) "
)
INVITING_WORDS = re.compile(INVITING_WORDS_ + r"(?:" + OPENER + r",? )?$")
STARTING = re.compile(r"^(?:" + OPENER + r",? )?$")
INVITING = re.compile(r"(?:^|" + INVITING_WORDS_ + r")(?:" + OPENER + r",? )?$")
SCHOOL_PLACE = (
    r"\b(?:at school|in school|at the school|in assembly|(?:class |school |an |the )?assembly|in class|in the (?:school )?(?:library|hall|classroom|playground"
    r"|canteen|dinner hall|office|music room|computer room|ict suite|gym|sports hall|field|garden|pond)|in (?:the )?"
    r"(?:school|eco|school council|class|book|chess|lego|coding|art|drama|choir|football|homework|after ?school) club"
    r"|at (?:lunch|lunchtime|lunch time|break|breaktime|break time|playtime|play time|registration|golden time|home time)"
    r"|(?:at|in|on) (?:the )?(?:lunch|lunchtime|morning) (?:break|play)|school (?:trip|fair|disco|play|concert|show|event"
    r"|gates at home time|council|club|library|hall)|in (?:mr|mrs|miss|ms) [a-z]+s (?:class|room)|on the (?:school )?trip"
    r"|our classroom|in year [0-9]|in reception|after (?:lunch|break|assembly|register|registration|play|playtime)"
    r"|(?:in|at the (?:front|back) of) the line|lining up|line up"
    # clubs and lessons run by adults, in school or out: "see you at the library club", "at swimming lessons"
    r"|(?:at|in|to|after) (?:the |our |your |ur )?(?:[a-z]+ ){0,2}(?:club|practice|training|lessons?|rehearsals?)"
    r"|(?:at|to) (?:brownies|cubs|scouts|beavers|guides|rainbows|the brigade)"
    r"|(?:our|your|the|a) (?:school|class|classroom)(?! gates?)|(?:your|our|the|school|class) (?:visit|trip|workshop|tour))\b"
)
OUTSIDE_PLACE = (
    r"\b(?:bus stop|bus station|train station|park|shops?|my house|your house|mine|yours|car|outside|gates|town|"
    r"cinema|irl|in person|in real life|mcdonalds|maccies|kfc|greggs|costa|starbucks|chippy|skate ?park|rec|woods|canal"
    r"|(?:near|outside|by|behind|opposite|across from|round the corner from|down the road from) (?:the|your|ur|our) school)\b"
)
CONTEXTS: dict[str, Ctx] = {
    # Inside school during the school day, unless a place outside school is named in the sentence too.
    "school": Ctx("school", _re(r"^(?=.*" + SCHOOL_PLACE + r")(?!.*" + OUTSIDE_PLACE + r")")),
    # ... or in its paragraph, when the paragraph names no place outside school at all
    "school-p": Ctx("school-p", _re(r"^(?=.*" + SCHOOL_PLACE + r")(?!.*" + OUTSIDE_PLACE + r")"), Scope.PARAGRAPH),
    "pleasantry": Ctx("pleasantry", _re(
        r"\b(?:nice|good|great|lovely|pleased|glad|happy|honou?red|delighted|a pleasure|excited|forward) to (?:meet|meeting|have met)\b"
        r"|\blook(?:ing|ed)? forward to (?:meet|meeting)\b"
        # "we can't wait to meet you!" closing a sentence (not "cant wait to meet you at the park")
        r"|\b(?:cant|can not|cannot) wait to (?:meet|see) (?:you|u|ya)(?: all| both| guys)?(?= ?[!.]| ?$)"
    )),
    # A sentence about a game or a call, unless it names a real place to meet: "meet me on fortnite at 7" is
    # online, "he wants to meet me at the bus station and give me his old ps4 controller" is not.
    "online": Ctx("online", _re(
        r"^(?!.*\b(?:(?:meet|meeting|see)(?: up)?(?: (?:me|us|" + YOU + r"))? (?:at|outside|by|near|in front of) (?:the )?"
        + PLACE + r"\b|irl\b|in person\b|in real life\b|face to face\b))"
        r".*?\b" + words(
            "minecraft", "roblox", "fortnite", "fifa", "the game", "the server", "discord", "zoom", "teams", "xbox", "ps[0-9]",
            "playstation", "switch online", "online", "google meet", "facetime", "whatsapp call", "video call", "on call",
            "on snap", "snapchat", "in game", "ingame", "the call", "the chat", "group chat", "nether", "portal", "spawn",
            "obby", "lobby", "realm", "(?:our|my|your|ur) (?:world|base|island|server)",
        ) + r"\b"
    )),
    "story": Ctx("story", LITERARY, Scope.PARAGRAPH),
    # taking the class pet home for the holidays: "can Nibbles come to mine? mum will carry his cage home"
    "class-pet": Ctx("class-pet", _re(
        r"\b(?:look after|looking after|take home|taking home|bring home|carry|carrying|have)"
        r" (?:the |our |his |her |their )?(?:class )?(?:pet|hamster|guinea pig|gerbil|rabbit|stick insects?|fish|tortoise)"
        r"(?:s|s cage|s hutch| cage| hutch| tank)?\b(?= home| for| in| over| during|[?!.,]|$)"
        r"|\b(?:his|her|its|their|the) (?:cage|hutch|fish tank|vivarium) home\b|\bclass pet\b"
    ), Scope.MESSAGE),
    # A story the pupil wrote: the voice that hisses "I'm coming to get you" arranges nothing.
    "story-told": Ctx("story-told", compile_words(
        "once upon a time", "dark and stormy night", "happily ever after", "ghost story", "my story", "(?:a|the) scary story",
        "hissed", "whispered", "growled", "cackled", "snarled", "shrieked", "boomed", "chapter (?:one|two|three|1|2|3)",
    ), Scope.MESSAGE),
    "time": Ctx("time", _re(r"\b" + TIME + r"\b")),
    "advice": Ctx("advice", ADVICE, Scope.PARAGRAPH),
    # a history lesson ("the king met his army at the castle"), not a meeting set for tonight at a castle
    "history": Ctx("history", _re(
        r"^(?!.*\b(?:tonight|tomorrow|after school|this (?:evening|afternoon|weekend)|at [0-9]{1,2}(?:[:.][0-9]{2})?(?: ?(?:am|pm))?\b))"
        r".*?(?<![^\W_])(?:" + HISTORY.pattern + ")"
    )),
    "game": Ctx("game", GAME),
    # An adult knows and agrees (only counted for mail between pupils, and never when it is hidden from adults).
    "permission": Ctx("permission", _re(
        r"\b(?:ask|asked|check with|checking with) (?:" + YOUR + r"|my) (?:" + PARENT + r"|grown ?ups?|teachers?)\b"
        # the reader's parent agreed ("your mum said it's fine"); the writer's own "my mum said yes" is only the
        # child's word, so it takes the writer's parent doing something: ringing, driving, coming along
        r"|\b" + YOUR + r" " + PARENT + r" (?:says?|said|agreed|agrees|is ok|are ok)\b"
        r"|\b(?:my|" + YOUR + r") " + PARENT + r" (?:(?:will|can|could|is going to|is gonna"
        r"|(?:said|says) (?:she|he|they) (?:will|can|could)) (?:pick|take|drive|collect|bring|walk|come|be there|stay|ring|call|text"
        r"|phone|talk to|speak to|message|give (?:us|you|u) a lift)|(?:can|will|is going to) (?:ring|call|text|phone|talk to"
        r"|speak to|message) (?:" + YOUR + r"|my) " + PARENT + r")\b"
        r"|\bif (?:" + YOUR + r"|my) " + PARENT + r" (?:says?|say|agrees?|lets? (?:you|u|me)|is ok)\b"
        r"|\b(?:she|he|they|ill|i will|i can|we can|we will)(?:ll| will| can)? (?:ring|call|text|phone|message|talk to|speak to)"
        r" (?:" + YOUR + r"|my) " + PARENT + r"\b"
        r"|\b(?:miss|mr|mrs|ms|sir) [a-z]+ (?:says?|said|will|is taking|is bringing)\b|\bwith (?:miss|mr|mrs|ms|sir) [a-z]+\b"
        r"|\bwith (?:" + YOUR + r"|my|our|the) (?:mum|mom|dad|parents|class|teachers?)\b|\b(?:" + YOUR + r"|the) teachers? (?:will|has|have|says|said)\b"
    , re.MULTILINE), Scope.MESSAGE),
    # "dont come to my party on saturday", "you cant come round", "im not allowed to go to the park"
    "refused": Ctx("refused", _re(
        NEGATION + r" (?:come|cum|coming|go|going|meet|meeting|hang|hanging|sleep|stay|see (?:you|u|ya)|visit|play|pick|drive|take)\b"
    )),
    "refused-p": Ctx("refused-p", _re(NEGATION + r" (?:allowed out|come out|go out|come|go|meet)\b"), Scope.PARAGRAPH),
    "concealed": Ctx("concealed", _re(
        r"\b(?:wont|will not|doesnt|dont|never|wont ever|dont need to|doesnt need to|neednt) (?:need to |have to |ever )?(?:know|find out)\b"
        r"|\bdont (?:have|need) to (?:ask|tell)\b|\bwithout (?:asking|telling)\b|\bdont tell\b|\bour secret\b|\bsecret\b"
    ), Scope.MESSAGE),
}

HANG_OUT = (
    r"(?:(?:hang ?out|hang|link up|chill|play|play out)(?: together| with me)?"
    r" (?:at|in|by|near|outside|round|down|behind) (?:the )?" + PLACE + r"\b"
    r"|play out(?: with me)?(?= " + TIME + r"|[?!.,\n]|$))"
)
HANG_OUT_UNLESS = ("pleasantry", "school", "school-p", "online", "story", "history", "permission", "advice")

MEETING_CUES: tuple[Cue, ...] = (
    Cue(MEETING, "meet-me", _re(
        r"\b(?:meet|meat|meeet) (?:me|us|" + YOU + r")\b(?! (?:all|both|guys) (?:in|at) (?:assembly|school|class))"
        r"|\bmeet(?:ing)? up with (?:me|us|" + YOU + r")\b"
    ), unless=("pleasantry", "school", "school-p", "online", "story", "history", "permission", "advice"), not_before=NEGATED),
    Cue(MEETING, "lets-meet", _re(
        r"\b(?:meet|meeting|hang ?out|hanging out|link up|chill)(?: up)?\b(?= (?:up|at|outside|by|in|on|near|after|before|tomorrow|tonight|later|there|somewhere|sometime|some time|together|with me|soon|again|irl"
        r"|in person|round|this|next|" + DAY + r"|at|[?!.,])|[?!.,]|$|\n)"
    ), unless=("pleasantry", "school", "school-p", "online", "story", "history", "permission", "advice"), not_before=NEGATED,
        before=re.compile(
        r"\b(?:lets|let us|we (?:should|could|can|will|shall|must|might|gotta|have to|need to)|should we|can we|could we|shall we"
        r"|will we|wanna|want to|do you want to|d(?:o )?(?:you|u) wanna|you and me|me and you|you and i"
        r"|(?:do )?(?:you |u )?fancy|how about|what about|up for"
        r"|i (?:could|can|will|want to|wanna))(?: [a-z]+)? $")),
    Cue(MEETING, "meet-irl", _re(r"\bmeet(?:ing)?(?: up)? (?:irl|in person|in real life|face to face|for real)\b"),
        unless=("story", "story-told", "permission"), not_before=NEGATED),
    Cue(MEETING, "see-you-at", _re(
        r"\b(?:see|c) (?:" + YOU + r"|ya) (?:at|outside|by|in|near) (?:the )?" + PLACE + r"\b"
        r"|\b(?:cya|cu) (?:at|outside|by|in|near) (?:the )?" + PLACE + r"\b"
        r"|\b(?:see|c) (?:" + YOU + r"|ya|each other) (?:irl|in real life|in person|face to face)\b"
    ), unless=("school", "story", "history", "permission"), not_before=NEGATED),
    Cue(MEETING, "come-to-mine", _re(
        r"\b(?:come|cum|coming|walk|pop|cycle|ride|sleep|stay)(?: back)? (?:round|over|around|to|up to|down to|back to)(?: to)?"
        r" (?:mine|ours|my (?:house|home|place|flat|nans|grans|dads|mums|garden|party|sleepover|bedroom|birthday)"
        r"|our (?:house|home|place|flat|garden|caravan))\b"
        r"|\b(?:come|cum|coming|walk|pop) (?:round|over)(?: to)? (?:mine|my house|my place|ours|yours|" + YOUR + r" (?:house|place))\b"
        r"|\b(?:can|could|shall|will) (?:i|we) (?:come|pop|walk) (?:round|over|to)(?: to)? (?:yours|" + YOUR
        + r" (?:house|place|home|flat))\b"
        r"|\b(?:" + SLEEPOVER + r"|party|play ?date|tea|stay ?over|stop ?over|stay the night) at (?:mine|ours|my (?:house|place|flat"
        r"|nans|grans|dads|mums)|our (?:house|place|flat))\b"
        r"|\b(?:ill|i will|i can|i could|well|we will|we can|we could|i might) (?:come|pop|walk|cycle|ride)(?: round| over)?(?: to)?"
        r" (?:yours|" + YOUR + r" (?:house|place|home|flat))\b"
    ), unless=("story", "story-told", "permission", "school", "class-pet"), not_before=re.compile(
        r"\bi (?:usually |always |often |sometimes |just )?$|" + NEGATION + r" $|" + PAST)),
    Cue(MEETING, "pick-up", _re(
        r"\b(?:pick|picking) (?:" + YOU + r") up\b"
        r"|\b(?:come|coming) (?:and |to )?(?:get|fetch|collect|find) (?:" + YOU + r")\b(?! (?:something|some|a|an|one|the)\b)"
        r"|\bcollect (?:" + YOU + r")\b(?! (?:work|homework|sheets?))|\bgive (?:" + YOU
        + r") a lift\b|\bget in (?:my|the) car\b|\bcome (?:straight |right )?out to me\b|\bwait(?:ing)? for (?:" + YOU
        + r") (?:outside|at|by|near|round|after|behind|in the car|at the gates?)\b|\bill be (?:waiting )?(?:outside|by the|at the"
        r" (?:gates?|end|corner)|in (?:a|my|the) (?:[a-z]+ )?(?:car|van))\b"
    ), unless=("story", "story-told", "permission"), not_before=TAKEN_BY_SCHOOL),
    # come to the door to fetch me: "knock for me at 5 on thursday", "call for me on the way"
    Cue(MEETING, "knock-for-me", _re(
        r"\b(?:knock|knocking)(?: round)? (?:for|on) (?:me|us)\b"
        r"|\b(?:call|calling|come|coming) (?:round )?for (?:me|us) (?=(?:at|on the way|before|after|about|around|tomorrow|tonight|later"
        r"|in the morning|on)\b)"
    ), unless=("story", "story-told", "permission", "school", "refused", "online"),
        # "dont knock for me", and a parent collecting ("mum will call for me at 6 after brownies")
        not_before=re.compile(NEGATION + r" $|\b(?:my |" + YOUR + r" )?" + PARENT + r"(?: (?:will|can|could|is going to|is gonna|said she will"
        r"|said he will))? $")),
    Cue(MEETING, "where-live-visit", _re(
        r"\bwhere (?:do )?(?:" + YOU + r") live\b[^\n]{0,80}?\b(?:pick|come|visit|meet|walk|call round|pop round|pop over|drop)\b"
    ), unless=("story", "story-told", "advice")),
    Cue(MEETING, "go-together", _re(
        r"\b(?:go|going|walk|walking|cycle|cycling|ride|riding|head|heading|come|coming)(?: down| over| with me)?"
        r" (?:to|into|round|down to) (?:the )?" + PLACE + r"\b"
        # text-speak drops the "to": "wanna go rec", "go town l8r"
        r"|\b(?:go|goin|going) (?:the )?" + PLACE + r"\b"
    ), weight=WEAK, unless=("school", "story", "history", "online", "permission", "refused"), before=re.compile(
        r"\b(?:shall we|should we|can we|could we|lets|let us|we (?:could|can|should)|do " + YOU + r" want to|d(?:o )?" + YOU
        + r" wanna|wanna|want to|(?:can|could|will) " + YOU + r"|" + YOU + r" (?:can|could|should))(?: [a-z]+)? $|" + INVITING.pattern)),
    Cue(MEETING, "invite", _re(
        r"\b(?:you are|youre|ur|u r|you have been|youve been) invited\b|\b(?:invite|inviting) (?:you|u)\b|\bcome to my (?:party|" + SLEEPOVER + r")\b"
        r"|\bplease come\b|\b(?:(?:do|d) " + YOU + r" (?:want to|wanna)|wanna|(?:can|could|will) " + YOU + r")(?: all| both| guys| two| 2)?"
        r" come\b"
    ), weight=WEAK, unless=("school", "story", "permission", "refused")),
    Cue(MEETING, "home-venue", _re(
        r"\bwhere ?: ?(?:at )?(?:my|our) (?:house|home|place|flat|garden)\b|\bat (?:my|our) (?:house|home|place|flat|garden)\b"
        r"|\bat mine\b|\bto (?:my|our) (?:house|home|place|flat)\b|\bmy address is\b"
    ), weight=WEAK, unless=("story", "story-told", "permission", "refused")),
    Cue(MEETING, "hidden-from-adults", _re(
        r"\b(?:my|" + YOUR + r") (?:mum|mom|dad|parents|nan|gran|mam|carer)s? (?:wont|will not|doesnt|dont|never|wont ever|dont need to"
        r"|doesnt need to|neednt|do not) (?:need to |have to |ever )?(?:know|find out)\b"
        r"|\b(?:you )?dont (?:have|need) to (?:ask|tell) (?:anyone|anybody|" + YOUR + r" \w+)\b"
        r"|\bwithout (?:asking|telling) (?:anyone|anybody|" + YOUR + r" \w+|my \w+)\b"
        r"|\b(?:havent|have not|didnt|did not|wont|not|dont|do not|never) (?:told|tell) (?:my|" + YOUR + r") (?:mum|mom|dad|parents)\b"
        r"|\bjust (?:us|you and me|me and you|the two of us)\b"
        # "come on your own - don't bring your parents"
        r"|\b(?:come|be|be there|turn up) (?:on " + YOUR + r" own|alone|by " + YOUR + r" ?self)\b"
        r"|\bno (?:adults|parents|grown ?ups|mums|dads|teachers)\b(?! (?:evening|meeting|consultation|day))"
        r"|\b(?:dont|do not|without|no need to|dont need to|dont have to|you dont need to|you dont have to) (?:bring|bringing) (?:" + YOUR + r" |an |a |any )?(?:mum|mom|dad|parents|adults?|grown ?ups?"
        r"|anyone|anybody)\b"
    ), weight=WEAK),
    Cue(MEETING, "time-place", _re(r"\b" + PLACE + r"\b[^\n]{0,40}?\b" + TIME + r"\b"), weight=WEAK,
        unless=("school", "story", "history", "online", "permission", "refused"),
        # "at the park", "to the Highcross shopping centre"
        before=re.compile(r"\b(?:at|by|outside|near|in|behind|to|go|goin|going) (?:the )?(?:[a-z]+ )?$")),
    # "sunday at 10am at Victoria Park": the place's own name may come first
    Cue(MEETING, "time-place", _re(
        r"\b" + TIME + r"\b[^\n]{0,40}?\b(?:at|by|outside|near|behind) (?:the )?(?:[a-z]+ )?" + PLACE + r"\b"),
        weight=WEAK, unless=("school", "story", "history", "online", "permission", "refused")),
    Cue(MEETING, "come-out", _re(
        r"\b(?:can|could|will|do) (?:" + YOU + r") (?:come|get) out\b|\bwhat time can (?:" + YOU + r") come\b"
        r"|\bsneak out\b|\bcome (?:and )?find me\b"
    ), weight=WEAK, unless=("story", "story-told", "online", "permission", "refused")),
    # "come for a sleepover", "u can come for tea on friday" (an invitation, not "my cousins are coming for tea")
    Cue(MEETING, "come-for", _re(
        r"\b(?:come|cum)(?: (?:round|over|around))?(?: to (?:mine|ours|my (?:house|place|flat)))? for (?:a |some |my |the |a big )?"
        r"(?:" + SLEEPOVER + r"(?: party)?|tea|dinner|supper|play ?date|play|movie night|film night|bbq|barbecue|takeaway|pizza)\b"
    ), unless=("story", "story-told", "permission", "school"), before=INVITING, not_before=NEGATED),
    # "come over tmrw", "cum round later", "come round mine after school"
    Cue(MEETING, "come-over-soon", _re(
        r"\b(?:come|cum) (?:round|over|around)(?: (?:to )?(?:mine|ours|my (?:house|place|flat)))?(?: (?:pls|please|then|again))? " + TIME
        + r"\b"
    ), unless=("story", "story-told", "permission", "school"), before=INVITING, not_before=NEGATED),
    # Someone will take the reader somewhere: "my brother can drive us to the cinema", "i can give u a lift to town"
    Cue(MEETING, "transport", _re(
        r"\b(?:drive|take|give|giv) (?:us|" + YOU + r")(?: both| all| two)?(?: a lift| a ride| a lift| lifts)?"
        r" (?:to|into|down to|up to|over to|round to) (?:the )?" + PLACE + r"\b"
        r"|\b(?:give|giv) (?:us|" + YOU + r")(?: both| all| two)? (?:a lift|a ride|lifts)\b"
        r"|\bdrive (?:us|" + YOU + r")(?: both| all| two)? (?:there|back)\b"
    ), unless=("school", "school-p", "story", "history", "permission", "advice"), not_before=TAKEN_BY_SCHOOL),
    # A lift home is private, wherever it starts: "come to the club on thursday and ill drop you home"
    Cue(MEETING, "transport", _re(
        r"\b(?:drive|drop|take|run) (?:us|" + YOU + r")(?: both| all| two)? home\b"
        r"|\bdrop (?:us|" + YOU + r")(?: both| all| two)? (?:back|off) (?:at|to) (?:home|yours|your house|your flat)\b"
    ), unless=("story", "history", "permission", "advice"), not_before=TAKEN_BY_SCHOOL),
    # Told where to be: "meet at the corner shop", "be at the skatepark 5ish", "my house at 3 on saturday ok?"
    Cue(MEETING, "be-there", _re(
        r"\b(?:meet(?: up| me| us)?|be|come) (?:at|outside|by|near|behind|in front of) (?:the )?" + PLACE + r"\b"
    ), unless=("school", "school-p", "online", "story", "history", "permission", "advice", "game"), before=STARTING),
    Cue(MEETING, "place-time", _re(
        r"\b(?:the )?" + PLACE + r" " + TIME + r"(?: " + TIME + r")?(?: (?:ok|okay|yeah|then|yes))? ?\?"
    ), unless=("school", "online", "story", "history", "permission", "game", "refused-p"), before=STARTING),
    # "r u coming to the park later?" with a time, or beside "im there at 5"
    Cue(MEETING, "coming-to", _re(
        r"\b(?:are|r) (?:" + YOU + r") (?:coming|going|gonna come|going to come) (?:to|down to|over to|round to|into) (?:the )?" + PLACE
        + r"\b"
    ), weight=WEAK, unless=("school", "online", "story", "history", "permission", "refused"), amplify=("time",)),
    Cue(MEETING, "ill-be-there", _re(
        r"\b(?:ill|i will|im|i am|well|were|we will|we are)(?: gonna| going to)? be (?:there|at (?:the )?" + PLACE + r") " + TIME + r"\b"
        r"|\b(?:im|i am|ill be|well be|were) there (?:at|by|from|about|around) [0-9]"
    ), weight=WEAK, unless=("school", "online", "story", "history", "permission", "refused")),
    # "wanna chill by the shops", "can u play out tmrw"
    Cue(MEETING, "hang-out", _re(HANG_OUT), unless=HANG_OUT_UNLESS, before=INVITING_WORDS, not_before=NEGATED),
    # Told, not asked, it needs a time or company: "hang out at the park later?", "play out with me tonight"
    Cue(MEETING, "hang-out", _re(
        r"\b" + HANG_OUT + r"(?:[^\n]{0,30}?\b(?:" + TIME + r"|with me|together)\b| ?\?)"
    ), unless=HANG_OUT_UNLESS, before=STARTING),
)


# Key words: each match of a cue contains one of them; a cue none of whose key words is in the text is skipped.
_KEYS: dict[str, str] = {
    "meet-me": "meet meat meeet meeting",
    "lets-meet": "meet meeting hang hanging hangout link chill",
    "go-together": "go going walk walking cycle cycling ride riding head heading come coming",
    "meet-irl": "meet meeting",
    "see-you-at": "see c cya cu",
    "come-to-mine": "come cum coming walk pop cycle ride sleep stay stop sleepover sleepova sleepovr sleeepover stayover stopover "
                    "party play playdate tea",
    "pick-up": "pick picking collect lift car out wait waiting ill come coming",
    "where-live-visit": "where",
    "invite": "invited invite inviting come",
    "come-for": "come cum",
    "come-over-soon": "come cum",
    "transport": "drive take give giv drop run",
    "hang-out": "hang hangout link chill play",
    "hidden-from-adults": "know find ask tell asking telling told just own alone self yourself urself bring bringing no",
    "knock-for-me": "knock knocking call calling come coming",
    "be-there": "meet be come",
    "coming-to": "are r",
    "ill-be-there": "be there",
}
_COMPANIONS = frozenset({"time-place", "come-out", "home-venue"})
MEETING_CUES = tuple(
    replace(c, keys=keys(_KEYS.get(c.name, "")), companion=c.name in _COMPANIONS) for c in MEETING_CUES
)


def classify(doc: Doc, *, pupil_sender: bool) -> tuple[str, int] | None:
    """(cue name, sentence index) of the decisive cue, or None."""
    cues = MEETING_CUES
    if not pupil_sender or doc.has(CONTEXTS["concealed"].pattern):
        # An adult or an outsider arranging to meet a child is not excused by mentioning a parent,
        # nor is a pupil who hides it from adults.
        cues = _CUES_WITHOUT_PERMISSION
    # a pupil's homework on staying safe lists "they want to meet up" among the warning signs
    flags = frozenset({"advice"}) if pupil_sender and safety_lesson(doc) else frozenset()
    hits = evaluate(doc, cues, CONTEXTS, flags=flags)
    hit = hits.get(MEETING)
    return (hit.cue, hit.index) if hit else None


def _without(cue: Cue, context: str) -> Cue:
    if context not in cue.unless:
        return cue
    return replace(cue, unless=tuple(u for u in cue.unless if u != context))


_CUES_WITHOUT_PERMISSION = tuple(_without(c, "permission") for c in MEETING_CUES)


@register
class MeetingArrangement(Policy):
    id = "meeting-arrangement"
    description = "Pupils must not arrange to meet anyone without an adult's permission"
    default_action = Action.QUARANTINE

    def applies(self, ctx: Context) -> bool:
        return ctx.sent_by_pupil_or_group or ctx.from_outside_to_pupil_or_group

    def check(self, ctx: Context) -> list[Finding]:
        doc = Doc.of_message(ctx.message)
        if not doc.sentences:
            return []
        hit = classify(doc, pupil_sender=ctx.sender.is_pupil_or_group)
        if hit is None:
            return []
        _, index = hit
        return [self.finding(MEETING, doc.evidence(index), doc.sentences[index].where)]
