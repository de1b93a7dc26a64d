"""offensive-content through the engine: swearing, insults and bullying, threats; and the traps."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.offensive_content import judge_text
from policies.types import Action
from policies.verdict import Verdict

PUPIL = "oliver.nowak@rbps.example"
OTHER = "isla.mensah@rbps.example"
TEACHER = "j.okafor@rbps.example"
POLICY = "offensive-content"


def reasons(text: str) -> set[str]:
    return {reason for reason, _ in judge_text(text)}


def offensive(v: Verdict) -> list[tuple[str, str, str]]:
    return [(f.reason, f.evidence, f.where) for f in v.findings if f.policy == POLICY]


# -- through the engine ----------------------------------------------------------------------------


def test_swearing_between_pupils_is_quarantined(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=OTHER, subject="match", body="you were sh1t in goal today")
    assert v.action is Action.QUARANTINE
    assert ("swearing", "sh1t", "body") in offensive(v)


def test_swearing_split_across_html_tags(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=OTHER, body="see html", html="<p>what the f<b>u</b>ck is this</p>")
    assert any(r == "swearing" and e == "fuck" for r, e, _ in offensive(v)), v.to_json()


def test_swear_word_split_by_a_quoted_printable_soft_break(judge: Callable[..., Verdict]) -> None:
    raw = (
        f"From: {PUPIL}\r\nTo: {OTHER}\r\nSubject: hi\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        "you are a total bell=\r\nend and a piece of sh=\r\nit\r\n"
    ).encode()
    found = offensive(judge(raw=raw))
    assert ("swearing", "bellend", "body") in found and ("swearing", "shit", "body") in found, found


def test_zero_width_characters_do_not_hide_a_word(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=OTHER, body="f\u200bu\u200bc\u200bk off")
    assert any(r == "swearing" for r, _, _ in offensive(v)), v.to_json()


def test_insult_in_an_encoded_subject(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=OTHER, subject="Grace ur a stupid snitch \U0001f621", body="see subject")
    assert ("insult or bullying", "ur a stupid snitch", "subject") in offensive(v)


def test_bullying_inside_an_attached_message(judge: Callable[..., Verdict]) -> None:
    raw = (
        f"From: {PUPIL}\r\nTo: {OTHER}\r\nSubject: Fwd: rankings\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        "--b1\r\nContent-Type: text/plain\r\n\r\nlol look\r\n"
        '--b1\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="fwd.eml"\r\n\r\n'
        "From: anon@freemail.example\r\nTo: zain.hussain@rbps.example\r\nSubject: rankings\r\n"
        "Content-Type: text/plain\r\n\r\nEveryone hates her, she is so ugly lol\r\n--b1--\r\n"
    ).encode()
    v = judge(raw=raw)
    found = offensive(v)
    assert v.action is Action.QUARANTINE
    assert found and all(w.startswith("attachment fwd.eml") for _, _, w in found), found


def test_outsider_abuse_to_a_pupil(judge: Callable[..., Verdict]) -> None:
    v = judge(sender="troll@freemail.example", to=PUPIL, body="u absolute loser, go and die")
    assert {r for r, _, _ in offensive(v)} == {"insult or bullying"}


def test_staff_to_staff_is_out_of_scope(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=TEACHER, to="r.wright@rbps.example", body="this printer is shit")
    assert not offensive(v)


def test_clean_pupil_mail_is_delivered(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=OTHER, body="We beat Scunthorpe 3-1 and I nearly died laughing. Hello from Cockermouth!")
    assert v.action is Action.DELIVER, v.to_json()


# -- insults and bullying ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "nobody likes you",
        "No one in our class likes you Sam",
        "you're so ugly",
        "your so fat",
        "ur a loser",
        "you're such a weirdo",
        "you are an absolute idiot",
        "u stupid idiot",
        "you fat pig",
        "you loser!",
        "everyone hates you",
        "the whole class hates him",
        "go away and never come back",
        "you can't play with us",
        "they can't sit with us",
        "don't sit next to her",
        "nobody would ever want to sit next to her",
        "everyone is only pretending to be your friend",
        "you have no friends",
        "top 10 fattest kids in year 5",
        "the smelliest boy in the class",
        "Jake - looks like a goblin",
        "she looks like a troll",
        "you smell like the bins",
        "he stinks of wee",
        "his breath is disgusting",
        "what a freak.",
        "she's so fat",
        "you're a waste of space",
        "ur such a l0ser",
        "youre sooo stuuupid",
        "kill yourself",
        "let's all ignore her tomorrow",
        "that's so gay",
        "stop being such a crybaby",
        "your face looks like a potato",
        "I hate you so much",
        "we don't want you in our group anymore",
        "nobody invited you so don't come",
    ],
)
def test_insults_and_bullying(text: str) -> None:
    assert "insult or bullying" in reasons(text), text


@pytest.mark.parametrize(
    "text",
    [
        "you're not stupid, you're brilliant",
        "you are a star and your drawing is amazing",
        "Thank you for helping me with my spelling",
        "your baby sister is so cute",
        "your fat cat is asleep",
        "can you smell the bread baking?",
        "you smell nice, is that new shampoo?",
        "the cloud looks like a pig",
        "it looks like a frog now",
        "The Ugly Duckling is my favourite story",
        "the ugliest fish in the sea is the blobfish",
        "sorry you can't play with us on Saturday because we're at my nan's",
        "Nobody knows where Boudicca is buried",
        "nobody likes getting up early",
        "Well done, you worked really hard, keep it up",
        "I think you're right about the water cycle",
        "we beat you 5-0, better luck next time! good game",
        "what a goal that was!",
        "what a joke, the bus was late again",
        "don't sit on the wet bench",
        "My uncle is gay and he's getting married",
        "you're dead good at drawing",
        "you're dead right",
        "We don't want you to miss the trip",
        "Nobody invited you? That's weird, I'll ask my mum",
        "I hate you for beating me lol",
        "Don't talk to strangers online. Don't play with matches.",
        "The teacher said nobody is allowed to play on the field because it's wet",
        "You stink at hide and seek lol",
        "In the story the giant is ugly and smelly but he is kind",
        "Miss said my handwriting looks like a spider walked through ink",
        "She looks like a princess in her costume",
        "Everyone loves you Grandma!",
        "The crash test dummy hit the wall",
        "Max is our new puppy, he's a dog who loves walks",
        "we saw a pig on the farm trip, what a pig!",
    ],
)
def test_not_bullying(text: str) -> None:
    assert not reasons(text), (text, judge_text(text))


# -- threats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ur dead",
        "give them back or your dead.",
        "you're dead tomorrow",
        "we're going to get you after school",
        "me and my brother are gonna get you",
        "I'll smash your face in",
        "i'm going to punch you",
        "I'll kick your head in",
        "watch your back.",
        "I'm going to bring my knife to school",
        "I'll stab you",
        "I know where you live",
        "you'll be sorry.",
        "wait till I see you",
        "beat you up at break",
        "you're going to get battered",
        "If you tell anyone I'll batter you",
        "you're going to regret this",
        "ur gonna get it tomorrow",
    ],
)
def test_threats(text: str) -> None:
    assert "threat" in reasons(text), text


@pytest.mark.parametrize(
    "text",
    [
        "The Romans killed lots of the Iceni",
        "I nearly died laughing",
        "I finally killed the Ender Dragon",
        "the assassin bug stabs its prey with its mouth",
        "More than 500 people were killed and the cathedral was destroyed",
        "Charlie is shot at dawn by his own side",
        "I'll get you a present for your birthday",
        "I'll get you one tomorrow",
        "my mum will kill me if I'm late",
        "I'll shoot you a message later",
        "I'll hit you up when I'm online",
        "I would never hurt you",
        "you'll be sorry you missed it, the party was great",
        "we're going to smash it on sports day",
        "bring a knife and fork for the picnic",
        "watch your back swing in golf",
        "We will destroy you at FIFA lol",
        "we'll batter you 5-0 on saturday",
        "We're going to beat you on Saturday, get ready!",
        "I'm going to kill it in the spelling test tomorrow",
        "My brother is going to get me from school today",
        "I'll see you after school at the gate",
        "she'll pick you up after school",
    ],
)
def test_not_threats(text: str) -> None:
    assert "threat" not in reasons(text), (text, judge_text(text))


def test_evidence_is_as_written_and_findings_are_deduplicated(judge: Callable[..., Verdict]) -> None:
    body = "F*CK off. f*ck off. Nobody likes you."
    v = judge(sender=PUPIL, to=OTHER, body=body, html=f"<p>{body}</p>")
    found = offensive(v)
    assert ("swearing", "F*CK", "body") in found
    assert len([f for f in found if f[0] == "swearing"]) == 1
    assert len([f for f in found if f[0] == "insult or bullying"]) == 1


_WORDS = "you you're ur your u are so such a an stupid loser nobody likes hates everyone I'll get after school dead . ! , \n smell like bins looks troll what top 5 ugliest don't sit with us".split(" ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_any_word_salad_is_judged_without_error(words: list[str]) -> None:
    for reason, evidence in judge_text(" ".join(words)):
        assert reason in {"swearing", "insult or bullying", "threat"}
        assert evidence


# -- fresh wordings: audiences, chained put-downs, smells, "ill" threats ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "we all laugh at u behind ur back",
        "everybody in year 5 makes fun of you",
        "the whole class thinks ur a weirdo",
        "people say you're so annoying and fat",
        "ur mean and ugly",
        "you are weird and smelly",
        "you smell and nobody wants to sit with you",
        "you smell lol",
    ],
)
def test_fresh_bullying_fires(text: str) -> None:
    assert "insult or bullying" in reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        "everyone laughed at my joke in assembly",
        "the clown slipped and everyone laughed at him",
        "everyone says ur really good at football",
        "everyone thinks ur a legend for scoring that goal",
        "ur so weird lol i love it",
        "you are weird and i love you",
        "can you smell and taste the difference between the two crisps?",
        "you smell like roses today",
        "your weird drawing is my favourite",
    ],
)
def test_fresh_not_bullying(text: str) -> None:
    assert not reasons(text)


@pytest.mark.parametrize("text", ["if u snitch ill smash ur face in", "well batter you after school", "theyll kick you"])
def test_fresh_threats_with_contracted_modals(text: str) -> None:
    assert "threat" in reasons(text)


@pytest.mark.parametrize("text", ["ill see you at lunch", "well get you a present", "ill help you with your spellings"])
def test_fresh_contracted_modals_are_not_threats(text: str) -> None:
    assert "threat" not in reasons(text)


@pytest.mark.parametrize("text", ["no1 likes u go away", "every1 hates u", "ur such a sad loner", "you're a saddo"])
def test_text_speak_audiences_and_loners(text: str) -> None:
    assert "insult or bullying" in reasons(text)


@pytest.mark.parametrize("text", ["no i like u more lol", "ur sad today, are you ok?", "you look sad, do you want to play?"])
def test_sympathy_is_not_bullying(text: str) -> None:
    assert not reasons(text)


# -- fresh probes: frames that follow a failed one, family, ranking, looks and ability, racism ------


@pytest.mark.parametrize(
    "text",
    [
        "you cant even read properly ur so dumb",  # the first "you" frame fails; "ur so dumb" is still read
        "you are the most annoying person in the hole school",
        "ur the worst friend ever",
        "lol look at ur teeth they are so yellow and gross",
        "your such a baby crying at football",
        "everyone says your a cheater and a liar",
        "ur not allowed to play with us ever again",
        "we made a new group chat and ur not in it haha",
        "no one wants to be your partner for the project",
        "why are u so short",
        "why r u such a loser",
        "ur glasses make u look like a bug",
        "you run like a penguin ur so slow and fat",
        "ur mum is so fat she cant fit through the door",
        "ur dad is a tramp and u live in a bin",
        "ur family are all poor and smelly",
        "yo mama is so ugly",
        "go back to ur own country",
        "ur such an ugly muppet haha",  # teasing words with a real put-down are not teasing
        "everyone in 5C thinks ur a baby",
        "dont even try to sit with us tomorrow",
    ],
)
def test_fresh_probe_bullying_fires(text: str) -> None:
    assert "insult or bullying" in reasons(text), (text, judge_text(text))


@pytest.mark.parametrize(
    "text",
    ["u better watch out at break or else", "give it back or else!", "you'd better watch yourself tomorrow",
     "ill punch u in the face at break", "we r gonna get u after skool", "you better not tell anyone or else"],
)
def test_fresh_probe_threats_fire(text: str) -> None:
    assert "threat" in reasons(text), (text, judge_text(text))


@pytest.mark.parametrize(
    "text",
    [
        "you are a nutter lol that was so funny \U0001f602",
        "ur such a muppet haha",
        "my book review: the bully in the story called Tom a loser and said nobody likes him, but in the end they became friends",
        "In today's lesson we talked about unkind words like 'you're ugly' or 'nobody likes you'. If anyone says this to you, tell an adult.",
        "she said nobody wants to sit with her and she was crying, we should be nice to her",
        "your mums fat cat is asleep",
        "your baby brother is so cute",
        "your dad is a policeman",
        "your mum is so kind",
        "why are you so good at maths",
        "go back to your own class",
        "you're the best person in the world",
        "you're the worst at hide and seek",
        "I'm in the chess club, you're not in it are you?",
        "You better watch out\nYou better not cry",
        "you better watch out for the puddles",
        "tell me the answer or else i'll be sad",
        "you look like a clown in that costume",
        "this homework is killing me lol",
        "I hate Mondays so much",
        "I'll hit you in the game lol",
        "I'll beat you in the final",
        "we'll get you in the team",
    ],
)
def test_fresh_probe_traps(text: str) -> None:
    assert not reasons(text), (text, judge_text(text))


@pytest.mark.parametrize(
    "text",
    [
        "my nan lives in Scunthorpe",
        "we got the train through Penistone",
        "Cockermouth flooded again",
        "a village called Shitterton in Dorset",
        "we went to Clitheroe castle",
        "I was born in Middlesex",
        "we went to Amsterdam on a boat",
        "our dog had puppies, the mum is a bitch and the dad is called Max",
        "the vacuum sucks up all the dust",
        "my brother plays bass guitar and I passed my grade 1",
    ],
)
def test_fresh_probe_place_names_and_innocent_words(text: str) -> None:
    assert not judge_text(text), (text, judge_text(text))


def test_teacher_lesson_quoting_examples_is_delivered(judge: Callable[..., Verdict]) -> None:
    body = "In PSHE we talked about hurtful phrases like 'nobody wants to sit with you'. Always tell an adult."
    v = judge(sender=TEACHER, to=PUPIL, body=body)
    assert not offensive(v), v.to_json()


def test_a_teachers_anti_bullying_lesson_quoting_unkind_words_is_not_bullying(judge: Callable[..., Verdict]) -> None:
    lesson = ("Dear Willow Class,\n\nThis week is Anti-Bullying Week. In circle time you told me some of the unkind things "
              'people say online, like "nobody likes you", "you\'re ugly" and "you can\'t play with us". Words like these '
              "can really hurt.\n\nMrs Wright")
    v = judge(sender="s.wright@rbps.example", to="year4@rbps.example", body=lesson)
    assert not [f for f in v.findings if f.policy == "offensive-content"]
    # a pupil saying the same words is bullying, and a teacher's swearing is still swearing
    v = judge(sender="amelia.clarke@rbps.example", to="isla.mensah@rbps.example", body="nobody likes you, you're ugly")
    assert [f for f in v.findings if f.policy == "offensive-content"]
    v = judge(sender="s.wright@rbps.example", to="year4@rbps.example", body="Anti-bullying week: this is shit")
    assert [f.reason for f in v.findings if f.policy == "offensive-content"] == ["swearing"]


@pytest.mark.parametrize(("text", "reason"), [
    # a classmate named and called names
    ("Oliver is a smelly weirdo and everyone knows it", "insult or bullying"),
    ("poppy taylor is such a loser", "insult or bullying"),
    ("if u dont send this on u smell too", "insult or bullying"),
    # swearing hinted at by a rhyme
    ("he can go and (rhymes with duck) himself", "insult or bullying"),
    ("his sister is a total rhymes-with-witch", "insult or bullying"),
    # a threat, whatever the laughing face after it
    ("ur getting punched in the face tmrw at break lol jk", "threat"),
    ("you're gonna get battered after school", "threat"),
])
def test_names_rhymes_and_passive_threats(text: str, reason: str) -> None:
    assert reason in reasons(text)


@pytest.mark.parametrize("text", [
    "maths is so stupid today",
    "the cat is a pig, she ate all the food",
    "this game is a joke",
    "cat rhymes with hat and duck rhymes with luck",
    "How many times did the assassins stab him? (23)",
    'Our class charter: 2. Nobody says "you can\'t play with us". Everyone can join in.',
    "we never say 'loser' in our class",
])
def test_look_alikes_of_names_rhymes_and_threats(text: str) -> None:
    assert reasons(text) == set()


def test_a_threat_with_a_weapon_fetched_first_and_a_poster_quoting_unkind_words() -> None:
    assert "threat" in reasons("If you tell on me I'll get my dad's hammer out of the shed and smash your head in.")
    poster = ('Left side (speech bubbles in red): things bullies might say, like "you\n'
              "can't play with us\" or \"nobody wants you on the team\".")
    assert reasons(poster) == set()


@pytest.mark.parametrize("text", [
    "ur family is so poor u have to wear ur brothers old shoes",
    "ur dad only left cos he couldnt stand having u as a son",
    "stop going on about god or nobody will play with u",
    "tomorrow lets ALL ignore grace. if u talk to her ur out of our group too",
    "who is the most annoying person in year 6?? i say isla and she has no friends anyway",
])
def test_bullying_without_swear_words_round_q(text: str) -> None:
    assert "insult or bullying" in reasons(text), (text, judge_text(text))


@pytest.mark.parametrize("text", [
    "we visited the seals at Donna Nook, they smell really bad but they are so cute",
    "the retiarius pretended to stab him with the trident",
    "the new boy has no friends yet so lets play with him",
    "lets all ignore the noise from the hall and finish our stories",
    "i cant stand you being sad, do you want to play at break?",
    "my mum says we are too poor for a holiday this year",
])
def test_look_alikes_round_q(text: str) -> None:
    assert not reasons(text), (text, judge_text(text))


def test_words_repeated_in_quotes_to_or_by_a_teacher(judge: Callable[..., Verdict]) -> None:
    report = 'At lunch Oliver kept saying to Zain "you\'re such a dickhead" and "piss\noff back to your table".'
    assert not offensive(judge(sender=OTHER, to=TEACHER, body=report))
    # the same words to a classmate are still what they are
    assert offensive(judge(sender=OTHER, to=PUPIL, body=report))
    lesson = 'Before 1066 his enemies called him "William the Bastard" because his parents were not married.'
    assert not offensive(judge(sender=TEACHER, to="year6@rbps.example", body=lesson))
    # a pupil swearing at a teacher, not in quotes, is still swearing
    assert offensive(judge(sender=OTHER, to=TEACHER, body="this homework is shit"))


def test_a_book_review_for_a_teacher_describes_characters(judge: Callable[..., Verdict]) -> None:
    review = "Here is my book review. At the start Mary Lennox is spoilt and cross and nobody likes her."
    assert not offensive(judge(sender=OTHER, to=TEACHER, body=review))
    assert offensive(judge(sender=OTHER, to=PUPIL, body="nobody likes her, she is spoilt"))


@pytest.mark.parametrize(("body", "found"), [
    ("grace your uglier than the warthog in the book", True),
    ("ur fatter than a hippo lol", True),
    ("your useless at drawing, mr okafor only said it was good to be nice", True),
    ("your keeper is a fat loser who cant even catch", True),
    ("your whole school is thick", True),
    # look-alikes
    ("you're faster than me at the 100m!", False),
    ("I'm useless at drawing, can you help me with the horse?", False),
    ("the warthog is uglier than the hyena in The Ugly Five, it's my favourite page", False),
    ("your keeper is a legend, he saved three penalties", False),
    ("your whole school is coming to the festival", False),
])
def test_put_downs_round_u(judge: Callable[..., Verdict], body: str, found: bool) -> None:
    assert bool(offensive(judge(sender=OTHER, to=PUPIL, body=body))) is found
