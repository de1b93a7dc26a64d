"""safeguarding: self-harm, abuse disclosures, grooming, violence and extremism, with their false-positive traps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from policies._phrases import Doc
from policies.safeguarding import classify
from policies.types import Action
from policies.verdict import Verdict

PUPIL = "amelia.clarke@rbps.example"
FRIEND = "isla.mensah@rbps.example"
TEACHER = "j.okafor@rbps.example"
CLASS = "year6@rbps.example"
STRANGER = "someone99@freemail.example"


def categories(text: str, *, adult: bool = False, subject: str = "") -> set[str]:
    texts = ([("subject", subject)] if subject else []) + [("body", text)]
    return set(classify(Doc.build(texts), adult=adult, pupil_sender=not adult))


def safeguarding_reasons(v: Verdict) -> set[str]:
    return {f.reason for f in v.findings if f.policy == "safeguarding"}


# -- self-harm and suicide -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I don't want to be alive anymore.",
    "sometimes i dont want to live any more",
    "I want to disappear forever and never come back",
    "I just want to die, nobody would care",
    "I wish I was never born.",
    "I wish I was dead",
    "Everyone would be happier without me.",
    "they'd all be better off if I wasn't here",
    "There's no point in living any more.",
    "I have nothing to live for",
    "I've been thinking about killing myself",
    "I keep thinking about suicide",
    "I cut myself again last night, please don't tell anyone",
    "I've been cutting myself where nobody can see",
    "I hurt myself on purpose when I get angry",
    "i keep hurting myself on my arms so i feel better",
    "I started self-harming in the summer",
    "My friend Maisie told me she has been cutting herself.",
    "She said she wants to kill herself",
    "I'm going to take all of mum's tablets",
    "sometimes I think about ending my life",
    "I've started scratching my arms until they bleed, I can't stop",
    "I'm going to jump off a bridge",
    "i dont want to be here anymore. nobody cares about me",
    "I just want to go to sleep and never wake up.",
    "Nobody would even notice if I disappeared.",
    "I've been hurting myself and I don't know why",
    "sometimes i want to unalive myself",
])
def test_self_harm_fires(text: str) -> None:
    assert "self-harm" in categories(text)


@pytest.mark.parametrize("text", [
    "I nearly died laughing when the goalie slipped in the mud.",
    "I nearly died of embarrassment in assembly!!",
    "I want to die my hair purple for the disco",  # spelling aside, not a wish to die
    "About 2,000 people died when Vesuvius erupted in AD 79.",
    "I hurt myself in PE when I fell off the climbing frame.",
    "I cut myself on a piece of paper lol",
    "I cut myself chopping carrots in DT, it bled a bit.",
    "The magician made the rabbit disappear.",
    "Cleopatra killed herself with a snake in 30 BC, it says in the book.",
    "In the story the queen wanted to die because her kingdom was lost.",
    "I would never hurt myself, don't worry.",
    "I don't want to live in London when I'm older, it's too busy.",
    "My mum is going to kill me when she sees my trousers.",
    "we killed the Ender Dragon last night!!!",
    "I'm dying to see the new Minecraft update",
    "I'm so bored I could die. Maths is sooo long today.",
    "This homework is killing me lol",
    "I could have killed myself laughing at that video",
    "I hate myself for missing that penalty lol",
    "I cut myself a slice of cake.",
    "My hamster died on Sunday, I'm really sad.",
    "We jumped off the diving board into the pool!",
    "Nobody would notice if I wore my trainers to school lol",
    "Have you watched Suicide Squad? It's a 15 so I'm not allowed.",
])
def test_self_harm_traps_do_not_fire(text: str) -> None:
    assert "self-harm" not in categories(text)


# -- abuse disclosures ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "My dad hits me when he gets angry.",
    "he hurts me when mum is out",
    "My stepdad kicked me and now I have bruises on my legs.",
    "Mum's boyfriend locked me in my room all weekend and hit me.",
    "I'm scared to go home tonight.",
    "I'm frightened of going home because of what my uncle does.",
    "Uncle Dave touches me in my private places and says it is our secret.",
    "He said it's our little secret and I'm not allowed to tell.",
    "I don't want to go home, I'm scared of my stepdad.",
    "I have bruises on my arms. Please don't tell my dad I told you.",
    "we haven't had any food for two days, mum locked me out",
    "My mum's boyfriend punches me when my mum is at work.",
    "my dad beats me with his belt",
    "Please help, my step-dad hurts me and says he'll hurt me more if I tell.",
    "My uncle makes me take my clothes off.",
    "There's never any food at home and I'm always hungry.",
    "he touched me and I didn't like it",
])
def test_abuse_disclosure_fires(text: str) -> None:
    assert "abuse disclosure" in categories(text)


@pytest.mark.parametrize("text", [
    "I have a bruise on my knee from football.",
    "Oliver hit me with the ball in PE by accident.",
    "My brother hit me with a pillow in a pillow fight lol",
    "I don't want to go home yet, this party is amazing!",
    "The giant's wife hid Jack because she was scared the giant would eat him, in the story.",
    "My dad said he will take me to the football on Saturday.",
    "He hit me with a snowball at playtime haha",
    "My mum hugs me every night.",
    "My mum hits the roof when I'm late.",
    "My dad punched the air when Leicester scored!",
    "My little brother keeps hitting me with his toy sword, it's so annoying.",
    "I bruised my knee at football training.",
    "There's no food at home so we're getting a takeaway lol",
    "My mum told me off because she said I hit my brother.",
])
def test_abuse_traps_do_not_fire(text: str) -> None:
    assert "abuse disclosure" not in categories(text)


# -- grooming ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Don't tell your parents about me, they won't understand.",
    "Remember, this is our little secret.",
    "you're so mature for your age, not like the other girls",
    "Can you send me a pic of yourself? Just for me.",
    "send me a selfie in your pyjamas x",
    "Delete this message after you read it.",
    "Your mum doesn't need to know we talk.",
    "Keep it a secret from your mum and dad, ok?",
    "What's your address? I'll post you a present.",
    "I'll buy you a new phone if you keep our chats secret.",
    "We can offer you a modelling contract, message our agent directly on WhatsApp.",
    "hey gorgeous, are you home alone tonight?",
    "hey cutie, what school do you go to? are you home alone?",
    "Can you send me some photos of you in your swimsuit?",
    "I can get you free robux, just add me on discord and don't tell your parents",
    "It's better if your mum and dad don't find out about us.",
    "how old are you? don't tell anyone we're talking x",
    "what do you look like? have you got a boyfriend?",
])
def test_grooming_from_an_adult_fires(text: str) -> None:
    assert "grooming" in categories(text, adult=True)


@pytest.mark.parametrize("text", [
    "I haven't told my mum about you like you said, it's our secret.",
    "Don't tell your mum we've been talking, it's our secret ok",
    "send me nudes",
    "A man on Roblox asked me to send him some pictures",
    "He keeps asking me where I live and he told me not to tell my mum",
])
def test_grooming_between_pupils_fires_with_two_signs(text: str) -> None:
    assert "grooming" in categories(text)


@pytest.mark.parametrize("text", [
    # a surprise for the teacher is an innocent secret
    "Don't tell Mr Okafor!! It's a secret, we're making him a card. Keep it our secret until Friday!",
    "Shhh it's a surprise for Mrs Wright's birthday, don't tell your mum or she'll tell her. Our secret!",
    "Keep it a secret, it's a present for my mum for Mother's Day.",
    # a child asking a club for a signed photo, or a friend for a photo of a drawing
    "Please could you send me a signed photo of the team for my bedroom wall?",
    "Can you send me a photo of your volcano model? I forgot what ours looked like.",
    "Send me a picture of the homework sheet please",
    # ordinary things pupils say
    "My mum said I can have my own phone for my birthday!",
    "I'll give you my Charizard card if you do my spellings.",
    "Where do you live now you've moved? Is it near the park?",
    "You're so good at drawing!",
    "In the book, the witch tells Hansel it is their secret.",
    "Don't tell anyone but I fancy Leo.",
    "It's a secret but I got Zain's name for secret santa!",
    "Shhh don't tell your sister, we're planning a surprise party for her.",
    "Send me a pic of your new puppy!!!",
    "The teacher says never tell anyone your password.",
    "My friend told me not to tell anyone that she fancies Leo.",
    "Our teacher asked where I live for the new register.",
])
def test_grooming_traps_do_not_fire(text: str) -> None:
    assert "grooming" not in categories(text)


def test_secrecy_from_an_adult_is_grooming_even_when_called_a_surprise() -> None:
    text = "Don't tell your teacher or your mum I emailed you, it's for a surprise for her birthday. Our little secret ok?"
    assert "grooming" in categories(text, adult=True)


@pytest.mark.parametrize("text", [
    "Dear Year 6, we look forward to meeting you all at the museum on your school trip on Friday at 10am.",
    "Thank you for your letters! Please send us a photo of your class with your projects, your teacher can email it.",
    "Hi Year 4, we are so proud of you. You are such a special class!",
    "Dear Amelia, congratulations on winning! We will post you a certificate and a free book via your school.",
])
def test_ordinary_mail_from_organisations_is_not_grooming(text: str) -> None:
    assert not categories(text, adult=True)


@pytest.mark.parametrize("text", [
    "Never share your address or send pictures of yourself to people you meet online.",
    "If someone online asks you to keep a secret or says it's our secret, tell a trusted adult.",
    "Some people online pretend to be children and say things like 'you're so mature for your age'. "
    "If this happens, tell an adult and report it to CEOP.",
    "If anyone says 'don't tell your parents', that is a warning sign. Always tell your parents.",
    "Hi Year 6, next week in PSHE we are talking about self-harm and how to help a friend who is hurting themselves.",
])
def test_a_teachers_safety_advice_is_not_a_concern(text: str) -> None:
    assert not categories(text, adult=True)


def test_an_organisation_asking_the_class_their_ages_is_not_grooming() -> None:
    assert not categories("Dear Year 6, how old are you all? We'd love to know for our pen pal list.", adult=True)


def test_a_groomer_mentioning_strangers_is_still_grooming() -> None:
    text = "Don't talk to strangers, but I'm not a stranger, I'm your friend. Don't tell your mum about me."
    assert "grooming" in categories(text, adult=True)


def test_photo_request_weighs_more_from_an_adult() -> None:
    text = "Can you send me a photo of you?"
    assert "grooming" in categories(text, adult=True)
    assert "grooming" not in categories(text, adult=False)


# -- violence -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I'm going to bring a knife to school tomorrow.",
    "im gonna bring my dads knife and stab you",
    "I will stab you if you tell.",
    "Tomorrow I'm going to shoot everyone in our class",
    "My cousin has got a gun and he's bringing it into school.",
    "I'm going to kill you after school, I mean it.",
    "He said he's going to blow up the school.",
    "someone is bringing a gun into school on Friday",
])
def test_violence_fires(text: str) -> None:
    assert "violence" in categories(text)


@pytest.mark.parametrize("text", [
    "The assassin bug stabs its prey with its sharp mouth.",
    "Charlie is shot at dawn by his own side. I cried at the ending.",
    "In 1605 Guy Fawkes wanted to blow up the Houses of Parliament.",
    "I'm going to kill you at Fortnite tonight lol",
    "We learned in PSHE why you must never bring a knife to school.",
    "I'm going to bring a knife and fork for the picnic to cut the cake.",
    "I'm going to shoot at goal more in the next match.",
    "The Romans killed lots of the Iceni in a big battle.",
    "I'll get my water gun and soak you in the garden haha",
    "I'm going to use a knife to chop the vegetables in DT.",
    "The photographer will shoot the class photo on Monday.",
    "We had a water fight and I shot Leo with my water pistol haha.",
    "My dad is going to kill me, I lost my new coat.",
    "I'm going to get you back for that prank tomorrow haha",
    "We wrote a story about a pirate who said 'I'll kill you all!' and then fell in the sea.",
])
def test_violence_traps_do_not_fire(text: str) -> None:
    assert "violence" not in categories(text)


# -- extremism -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The enemy must be destroyed. Join us and fight.",
    "Violence is the only answer. Our people are under attack.",
    "Wake up! The traitors are lying to you. Join our movement today.",
    "We are building an army of young patriots ready to fight for our country.",
    "It is time for a race war.",
    "The infidels must be destroyed. Reply to join our brotherhood.",
    "All the immigrants should be killed.",
])
def test_extremism_fires(text: str) -> None:
    assert "extremism" in categories(text, adult=True)


@pytest.mark.parametrize("text", [
    "In the Second World War, the Nazis called people traitors and built a huge army.",
    "Tommo is too young to join the army but he lies about his age.",
    "Join us at the eco council meeting on Tuesday!",
    "I have to wake up early for the trip.",
    "Guy Fawkes was called a traitor in 1605.",
    "Our class is learning about the Gunpowder Plot and the traitors who wanted to blow up parliament.",
    "Wake up sleepy head! The trip is today!",
    "I want to join the army when I grow up like my uncle.",
    "The Romans wanted to kill all the Celts in Britain.",
])
def test_extremism_traps_do_not_fire(text: str) -> None:
    assert "extremism" not in categories(text, adult=True)


# -- through the engine: scope, reasons, evidence ---------------------------------------------------------

def test_finding_names_the_category_and_quotes_the_sentence(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=TEACHER, subject="help", body="Mr Okafor,\n\nI don't want to be alive any more.\n\nAmelia")
    f = next(f for f in v.findings if f.policy == "safeguarding")
    assert f.reason == "self-harm"
    assert "alive" in f.evidence and f.where == "body"
    assert v.action is Action.QUARANTINE


def test_several_categories_give_several_findings(judge: Callable[..., Verdict]) -> None:
    body = "My dad hits me when he is drunk. I'm going to bring a knife to school tomorrow."
    assert safeguarding_reasons(judge(sender=PUPIL, to=FRIEND, body=body)) == {"abuse disclosure", "violence"}


def test_subject_is_inspected(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=FRIEND, subject="i want to kill myself", body="see you tomorrow")
    assert any(f.policy == "safeguarding" and f.where == "subject" for f in v.findings)


def test_html_only_body_is_inspected(judge: Callable[..., Verdict]) -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = STRANGER, CLASS, "hello"
    msg.set_content("<p>Britain is being <b>invaded</b>.</p><p>Violence is the only language they understand.</p>",
                    subtype="html")
    assert "extremism" in safeguarding_reasons(judge(raw=msg.as_bytes()))


def test_text_attachment_is_inspected(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=FRIEND, body="read this",
              attachments=[("diary.txt", "text/plain", b"I have been cutting myself every night.")])
    assert "self-harm" in safeguarding_reasons(v)


def test_grooming_from_outsider_to_class_address(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=STRANGER, to=CLASS, body="Send us some photos of yourselves in your bedrooms. Don't tell your parents.")
    assert "grooming" in safeguarding_reasons(v)


def test_staff_to_staff_is_out_of_scope(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=TEACHER, to="s.wright@rbps.example", body="A pupil told me: my dad hits me. I've told the DSL.")
    assert not safeguarding_reasons(v)


def test_clean_pupil_mail_is_delivered(judge: Callable[..., Verdict]) -> None:
    body = ("We beat Scunthorpe 3-1 and I nearly died laughing when their goalie slipped. "
            "In history we learned the Romans killed lots of the Iceni. Don't tell Mr Okafor, it's a surprise card!")
    v = judge(sender=PUPIL, to=FRIEND, body=body)
    assert v.action is Action.DELIVER, v.to_json()


def test_quoted_reply_from_a_groomer_is_still_seen(judge: Callable[..., Verdict]) -> None:
    body = ("ok\n\nOn Fri, Tyler wrote:\n> you're so mature for your age. don't tell your mum about me,"
            " it's our little secret\n")
    v = judge(sender=PUPIL, to=STRANGER, body=body)
    assert "grooming" in safeguarding_reasons(v)


def test_long_message_is_fast_and_the_late_sentence_is_found(judge: Callable[..., Verdict]) -> None:
    import time

    filler = "We went to the park after school and my mum said it was fine to have cake. " * 12000  # ~900 KB
    body = filler + "\nI want to disappear forever.\n"
    start = time.process_time()
    found = categories(body)
    assert time.process_time() - start < 2.0
    assert found == {"self-harm"}
    assert "self-harm" in safeguarding_reasons(judge(sender=PUPIL, to=FRIEND, body=body))


HOSTILE = [
    "dont tell your mum " * 50000,
    "he hit " * 150000,
    "!?" * 400000,
    ". " * 400000,
    "\n" * 800000,
    "On Tue x wrote:\n" * 50000,
    "a" * 800000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:12]))
def test_hostile_texts_are_classified_in_linear_time(text: str) -> None:
    import time

    start = time.process_time()
    categories(text, adult=True)
    assert time.process_time() - start < 3.0


def test_any_text_is_classified_without_error() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=100, deadline=None)
    @given(st.text(max_size=400))
    def check(text: str) -> None:
        assert categories(text, adult=True) <= {"self-harm", "abuse disclosure", "grooming", "violence", "extremism"}

    check()


def test_quoted_words_of_an_outsider_weigh_as_an_adults(judge: Callable[..., Verdict]) -> None:
    body = "ok i will\n\nOn Sat, Ellie wrote:\n> can you send me a photo of you? x\n"
    assert "grooming" in safeguarding_reasons(judge(sender=PUPIL, to=STRANGER, body=body))
    # the same quote between two pupils is one weak sign only
    assert "grooming" not in safeguarding_reasons(judge(sender=PUPIL, to=FRIEND, body=body))


def test_a_teachers_surprise_is_not_grooming(judge: Callable[..., Verdict]) -> None:
    body = "We are making Mother's Day cards this week. It's a surprise, so don't tell your parents!"
    assert not safeguarding_reasons(judge(sender=TEACHER, to=CLASS, body=body))
    # an outsider's "surprise" is no excuse
    assert "grooming" in safeguarding_reasons(judge(sender=STRANGER, to=CLASS, body=body))


# -- fresh wordings: despair, cover stories, partners of a parent, trust-me grooming -------------------------

@pytest.mark.parametrize("text", [
    "honestly everyone would be better off if i just went away for good",
    "my family would be happier if i just wasnt around",
    "i wish i could fall asleep and not wake up",
    "i hate my life and i just want everything to stop",
    "i cant take it anymore, nobody cares about me",
    "i feel like a burden, whats the point of me",
    "i just want to sleep forever. i hate being me",
])
def test_self_harm_fresh_wordings_fire(text: str) -> None:
    assert "self-harm" in categories(text)


@pytest.mark.parametrize("text", [
    "I hate my life lol my brother ate all the crisps",
    "i want to go to sleep and not wake up until the holidays haha",
    "I cant take it anymore, this level is impossible",
    "I want this lesson to end so I can go to lunch",
    "Nobody cares about my fidget spinner collection",
    "I feel so tired, I could sleep for a week",
    "In the story the old king wanted everything to stop and hated his life.",
])
def test_self_harm_fresh_traps_do_not_fire(text: str) -> None:
    assert "self-harm" not in categories(text)


@pytest.mark.parametrize("text", [
    "i got a black eye off my stepdad, he made me say i walked into a door",
    "mum told me to tell the teachers i fell down the stairs",
    "i have marks on my arm from my mums boyfriend",
    "please dont tell my mum i told you but her boyfriend hits us",
    "the man next door grabs me when mum is out and I'm scared",
])
def test_abuse_fresh_wordings_fire(text: str) -> None:
    assert "abuse disclosure" in categories(text)


@pytest.mark.parametrize("text", [
    "My mum said to tell you I fell off my bike, that's why I can't do PE.",
    "I got a bruise from my dad's football when we were playing in the garden",
    "In the book the girl's dad told her to say she fell, it was so sad.",
    "My grandad gave me a cut of his birthday cake",
])
def test_abuse_fresh_traps_do_not_fire(text: str) -> None:
    assert "abuse disclosure" not in categories(text)


@pytest.mark.parametrize("text", [
    "you can trust me more than your mum and dad",
    "im the only one who really understands u. ur parents, they wouldnt understand us",
    "what school do u go to? i could pick u up after and buy u a new phone",
    "win free robux!! just send a selfie and ur address to this email",
])
def test_grooming_fresh_wordings_from_an_adult_fire(text: str) -> None:
    assert "grooming" in categories(text, adult=True)


@pytest.mark.parametrize("text", [
    "Please send your address and your reading record to the office so we can post your certificate.",
    "Trust me, the trip will be brilliant!",
    "You can always trust your parents and teachers to help you.",
])
def test_grooming_fresh_traps_do_not_fire(text: str) -> None:
    assert "grooming" not in categories(text, adult=True)


@pytest.mark.parametrize("text", [
    "dont tell anyone but i pinch my legs when i get upset so it hurts",
    "i bite my arms on purpose sometimes",
])
def test_self_injury_by_biting_or_pinching_fires(text: str) -> None:
    assert "self-harm" in categories(text)


@pytest.mark.parametrize("text", ["I bit my tongue at lunch, ouch", "I bite my nails when I'm nervous about tests"])
def test_biting_traps_do_not_fire(text: str) -> None:
    assert "self-harm" not in categories(text)


@pytest.mark.parametrize("text", [
    "my stepdad keeps coming into my room at night and i dont like it",
    "mums partner gets in my bed when mum is at work and i get scared",
])
def test_unwanted_night_visits_by_an_adult_fire(text: str) -> None:
    assert "abuse disclosure" in categories(text)


@pytest.mark.parametrize("text", [
    "my dad comes into my room every night to read me a story",
    "my little brother gets into my bed when there's a thunderstorm and i dont like it",
    "our cat sleeps in my bed and i dont like it cos she snores",
    "Mum came into my room and said it was snowing!",
])
def test_ordinary_bedtime_traps_do_not_fire(text: str) -> None:
    assert "abuse disclosure" not in categories(text)


# -- an outsider asking a child where they live, their address or their phone number -----------------

@pytest.mark.parametrize("text", [
    "hi its Jess from the game, whats ur number?",
    "what's your address? x",
    "Send me your phone number so we can chat properly",
    "give me ur mobile number and I'll text you",
    "can you text me your number",
    "what school do you go to?",
    "where do u live",
])
def test_an_outsider_asking_a_pupil_for_address_number_or_school_is_grooming(
    judge: Callable[..., Verdict], text: str
) -> None:
    assert "grooming" in safeguarding_reasons(judge(sender=STRANGER, to=PUPIL, body=text))


def test_an_outsider_asking_a_class_for_home_addresses_is_grooming(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=STRANGER, to=CLASS, body="Hi kids, what's your home address? We have prizes for everyone!")
    assert "grooming" in safeguarding_reasons(v)


@pytest.mark.parametrize("text", [
    # to a whole class, where they live is a geography question and their school is known
    "Where do you live? If you live near the coast you might see puffins! Ask your teacher to find it on a map.",
    "What school are you at? We loved your letters about the Romans.",
    # the school's address, numbers in games and lists
    "Please ask your teacher to send us the school's address so we can post the certificates.",
    "In the maths game each child picks a card. What's your number? Add 3 and write it down.",
    "Hello Year 6! What is your number one tip for staying calm in tests?",
    "If a stranger online asks what's your address, tell a trusted adult straight away.",
])
def test_an_organisation_writing_to_a_class_is_not_grooming(judge: Callable[..., Verdict], text: str) -> None:
    assert not safeguarding_reasons(judge(sender="info@museum.example", to=CLASS, body=text))


@pytest.mark.parametrize("text", [
    "whats your address so i can send you a party invite",
    "whats ur number, my mum wants to ring your mum about saturday",
    "where do you live? is it near the park?",
])
def test_pupils_asking_each_other_for_addresses_and_numbers_is_not_grooming(
    judge: Callable[..., Verdict], text: str
) -> None:
    assert not safeguarding_reasons(judge(sender=PUPIL, to=FRIEND, body=text))


def test_a_teachers_question_about_a_number_is_not_grooming(judge: Callable[..., Verdict]) -> None:
    assert not safeguarding_reasons(judge(sender=TEACHER, to=PUPIL, body="What's your number in the register?"))


# -- wordings children and groomers use: despair, plans, emotional abuse, neglect, moving to private apps ----

@pytest.mark.parametrize("text", [
    "my family would be fine without me",
    "i keep thinking about not waking up",
    "i'm going to hurt myself tonight",
    "i wanna end it.",
    "i made cuts on my arm with a pencil sharpener blade",
    "i took loads of my mums tablets",
    "i hate myself, i bang my head against the wall till it bleeds",
    "i dont see the point in anything any more, i just want to sleep forever",
])
def test_self_harm_plans_and_despair_fire(text: str) -> None:
    assert "self-harm" in categories(text)


@pytest.mark.parametrize("text", [
    "i was killing myself laughing at that video",
    "my sister is thinking about dying her hair blue",
    "this level is so long i just want to end it.",
    "the team would be better without me in goal lol",
    "nobody would notice if i wore odd socks",
])
def test_self_harm_idioms_do_not_fire(text: str) -> None:
    assert "self-harm" not in categories(text)


@pytest.mark.parametrize("text", [
    "my stepmum calls me stupid and useless every day",
    "mum says she wishes i was never born",
    "my dads girlfriend grabs me by my hair when shes angry",
    "my mums new boyfriend makes me sit on his lap and i dont like it",
    "there is never any food at home and dad doesnt come home some nights",
    "my uncle keeps walking into the bathroom when im in the shower and its creepy",
])
def test_emotional_abuse_neglect_and_unwanted_attention_fire(text: str) -> None:
    assert "abuse disclosure" in categories(text)


@pytest.mark.parametrize("text", [
    "my dad calls me his little monkey every day",
    "mum squeezes my hand when we cross the road",
    "we have no food left for the bake sale, can you bring cakes",
    "i looked after my little sister on my own for ten minutes while mum got the post",
    "mums boyfriend took us bowling, he is really kind",
    "my mum watches me at the swimming gala on saturday",
])
def test_ordinary_family_life_is_not_abuse(text: str) -> None:
    assert "abuse disclosure" not in categories(text)


@pytest.mark.parametrize("text", [
    "you're really grown up for a 10 year old",
    "whats your snapchat? we can talk there, it's more private",
    "turn on your webcam, I want to see what you look like",
    "is your mum at work? I could pop round and drop off your present",
    "you're my special friend. your parents wouldn't understand, so keep this between us",
])
def test_grooming_by_an_outsider_fires(text: str) -> None:
    assert "grooming" in categories(text, adult=True)


@pytest.mark.parametrize("text", [
    "you're my special friend, happy birthday! love from Isla",
    "you can tell me anything, I'm your best friend",
    "whats your roblox username? I'll add you",
    "ill send you the photo of my puppy tonight",
])
def test_the_same_words_between_pupils_are_not_grooming(text: str) -> None:
    assert "grooming" not in categories(text)


def test_a_pupil_promising_an_outsider_photos_and_secrecy_is_grooming(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=STRANGER, body="ok i won't tell my mum about you. ill send the pics later")
    assert "grooming" in safeguarding_reasons(v)


def test_a_pupil_sending_a_teacher_project_photos_is_not_grooming(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=TEACHER, body="I will send you the pictures of my volcano tonight, don't tell anyone it exploded!")
    assert not safeguarding_reasons(v)


@pytest.mark.parametrize("text", [
    "Please turn on your camera for the zoom workshop so we can see your models",
    "What's your class instagram? We'd love to share your project",
    "Is your mum or dad at home? Ask them to fill in the permission slip",
])
def test_an_organisation_to_a_class_is_not_grooming(judge: Callable[..., Verdict], text: str) -> None:
    assert not safeguarding_reasons(judge(sender="info@museum.example", to=CLASS, body=text))


@pytest.mark.parametrize("text", [
    "if he does that again im gonna shank him",
    "she's bringing a blade tomorrow to get me",
    "ill burn your house down",
])
def test_violence_fresh_wordings_fire(text: str) -> None:
    assert "violence" in categories(text)


@pytest.mark.parametrize("text", [
    "in the film the man wants to burn his house down",
    "we need to fight back in the second half!",
])
def test_violence_fresh_traps_do_not_fire(text: str) -> None:
    assert not categories(text)


@pytest.mark.parametrize("text", [
    "Foreigners are invading our streets and only violence will stop them.",
    "all immigrants are criminals and deserve to be shot",
    "The west is at war with our faith. Martyrs go straight to paradise.",
    "they say the jews control the banks and we have to rise up",
])
def test_extremism_fresh_wordings_fire(text: str) -> None:
    assert "extremism" in categories(text, adult=True)


@pytest.mark.parametrize("text", [
    "the vikings were invading our land in 793",
    "in minecraft we need to wipe them out before the raid, then rise up the tower",
    "We learned in RE that martyrs in Tudor times were burned for their faith",
])
def test_extremism_fresh_traps_do_not_fire(text: str) -> None:
    assert "extremism" not in categories(text, adult=True)


@pytest.mark.parametrize(("text", "category"), [
    ("sometimes i wish i could just not exist", "self-harm"),
    ("my step dad takes pictures of me in the bath and says its normal", "abuse disclosure"),
    ("our people are being replaced and the time for talking is over", "extremism"),
])
def test_wish_not_to_exist_photos_in_the_bath_and_replacement_talk_fire(text: str, category: str) -> None:
    assert category in categories(text, adult=category == "extremism")


def test_an_outsider_offering_a_phone_for_an_address_and_a_photo_is_grooming(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=STRANGER, to=PUPIL, body="I can get you a free iphone, just need your address and a photo of you")
    assert "grooming" in safeguarding_reasons(v)


@pytest.mark.parametrize("text", [
    "We'd love a photo of you with your paintings for our newsletter, ask your teacher to send it",
    "my mum takes pictures of me at every sports day, so embarrassing",
])
def test_ordinary_photos_are_not_grooming_or_abuse(judge: Callable[..., Verdict], text: str) -> None:
    assert not safeguarding_reasons(judge(sender="info@museum.example", to=CLASS, body=text))


# -- cutting oneself, being told to harm oneself, secrecy forced with a threat ----------------------

@pytest.mark.parametrize(("sender", "to", "text"), [
    (PUPIL, FRIEND, "I cut myself last night."),
    (STRANGER, CLASS, "Day 1: cut a mark into your arm with a compass and send a photo as proof."),
    (STRANGER, CLASS, "cut yourself and send a photo as proof. Don't tell anyone."),
    (STRANGER, CLASS, "Your task today is to cut your arm."),
    (STRANGER, PUPIL, "you should hurt yourself, nobody would care"),
    (PUPIL, FRIEND, "kill yourself nobody likes you"),
])
def test_cutting_oneself_or_being_told_to_is_self_harm(
    judge: Callable[..., Verdict], sender: str, to: str, text: str
) -> None:
    assert "self-harm" in safeguarding_reasons(judge(sender=sender, to=to, body=text))


@pytest.mark.parametrize(("sender", "to", "text"), [
    (PUPIL, FRIEND, "I cut myself on a piece of paper lol"),
    (PUPIL, FRIEND, "i cut myself making a sandwich, there was loads of blood haha"),
    (PUPIL, FRIEND, "I cut myself in DT with the saw"),
    (PUPIL, FRIEND, "cut yourself a slice of cake!"),
    (TEACHER, PUPIL, "Be careful not to cut yourself on the scissors."),
    (TEACHER, PUPIL, "Mind you don't cut yourself on the broken glass."),
    (PUPIL, FRIEND, "in minecraft if you kill yourself in lava you lose everything"),
    (PUPIL, FRIEND, "we learned never to hurt yourself or others in PSHE"),
    ("info@museum.example", CLASS, "Never cut yourself or hurt yourself. If you feel like it, tell a trusted adult."),
])
def test_accidents_advice_and_cake_are_not_self_harm(
    judge: Callable[..., Verdict], sender: str, to: str, text: str
) -> None:
    assert "self-harm" not in safeguarding_reasons(judge(sender=sender, to=to, body=text))


def test_secrecy_forced_with_a_threat(judge: Callable[..., Verdict]) -> None:
    threat = "If you stop or tell an adult, something bad will happen to your family."
    assert "grooming" in safeguarding_reasons(judge(sender=STRANGER, to=CLASS, body=threat))
    assert "violence" in safeguarding_reasons(judge(sender=PUPIL, to=FRIEND, body="if you tell miss patel ill batter you"))
    for promise in ("If you tell a teacher, nothing bad will happen to you. They will help.",
                    "If you tell an adult you trust, they will help you and you won't get in trouble."):
        assert not safeguarding_reasons(judge(sender=TEACHER, to=PUPIL, body=promise))
    assert not safeguarding_reasons(
        judge(sender=PUPIL, to=FRIEND, body="if you tell anyone about the surprise party, it will be ruined")
    )


@pytest.mark.parametrize("text", [
    "Send me a photo of yourself in your kit, just between us - it's our little secret, no need to tell your parents "
    "or teachers yet because I want it to be a surprise.",
    "It's our little secret, no need to tell your parents.",
    "you dont have to tell a teacher about our chats ok",
])
def test_telling_a_child_there_is_no_need_to_tell_adults_is_not_safety_advice(
    judge: Callable[..., Verdict], text: str
) -> None:
    assert "grooming" in safeguarding_reasons(judge(sender=STRANGER, to=CLASS, body=text))


@pytest.mark.parametrize("text", [
    "If anything online worries you, tell your parents or a teacher.",
    "You need to tell your parents about the trip money.",
])
def test_telling_a_child_to_tell_adults_is_not_grooming(judge: Callable[..., Verdict], text: str) -> None:
    assert not safeguarding_reasons(judge(sender=TEACHER, to=PUPIL, body=text))


@pytest.mark.parametrize(("sender", "to", "text", "category"), [
    (PUPIL, TEACHER, "sorry I didnt do my homework. Mum hasnt come home since Thursday and there isnt any food left "
     "except cereal. Please dont ring anyone.", "abuse disclosure"),
    (PUPIL, FRIEND, "i did the thing with the blade out of my pencil sharpener again last night. its on my arm so im "
     "wearing my jumper even in PE.", "self-harm"),
    (STRANGER, PUPIL, "To claim your robux send a pic of you wearing your PE kit. Just between us ok, grown ups always "
     "ruin giveaways.", "grooming"),
])
def test_disclosures_and_grooming_without_the_usual_words(
    judge: Callable[..., Verdict], sender: str, to: str, text: str, category: str
) -> None:
    assert category in safeguarding_reasons(judge(sender=sender, to=to, body=text))


@pytest.mark.parametrize(("sender", "to", "text"), [
    (PUPIL, FRIEND, "my dad hasnt come home yet, hes still at work"),
    (PUPIL, FRIEND, "I used a blade in DT to cut the balsa wood"),
    (PUPIL, FRIEND, "im wearing my jumper even in PE cos im freezing lol"),
    (PUPIL, FRIEND, "we did the thing with the scissors in art, it was fun"),
])
def test_ordinary_days_are_not_disclosures(judge: Callable[..., Verdict], sender: str, to: str, text: str) -> None:
    assert not safeguarding_reasons(judge(sender=sender, to=to, body=text))


def test_a_teachers_online_safety_lesson_listing_warning_phrases_is_not_grooming(judge: Callable[..., Verdict]) -> None:
    lesson = ("Dear Willow Class,\n\nHere are the warning signs we talked about. If anyone online ever says things like:\n\n"
              '  "Don\'t tell your parents about me."\n  "This is our little secret."\n  "Send me a photo of yourself."\n'
              '  "You\'re so mature for your age."\n\n... STOP, don\'t reply, and tell a trusted adult straight away.\n\n'
              "Mrs Wright")
    assert not safeguarding_reasons(judge(sender="s.wright@rbps.example", to="year4@rbps.example", body=lesson))
    # the same list from outside the school, without the advice, is grooming
    groomer = lesson.split("...")[0].replace("If anyone online ever says things like:", "")
    assert "grooming" in safeguarding_reasons(judge(sender=STRANGER, to="year4@rbps.example", body=groomer))


@pytest.mark.parametrize(("sender", "to", "text", "category"), [
    # a child tells a friend or a teacher what someone online is asking of them
    (PUPIL, FRIEND, "this boy on snap says hes 13 and keeps asking me to send pics of me in my bedroom. he said i "
     "cant tell anyone or he wont talk to me", "grooming"),
    (PUPIL, TEACHER, "a man in a game said he would give me 2000 robux if i send him a pic of me with no top on", "grooming"),
    (PUPIL, TEACHER, "she told me i mustnt tell my mum about the chats", "grooming"),
    # a child's side of it, written to the outsider
    (PUPIL, STRANGER, "i cleared our chats like you said. its our secret i promise", "grooming"),
    # sexual extortion
    (STRANGER, PUPIL, "if you dont send more by tomorrow ill share them with your whole class. dont even think about "
     "telling your dad", "grooming"),
    (STRANGER, PUPIL, "ill post the pics you sent everywhere", "grooming"),
    # self-harm said indirectly
    (PUPIL, FRIEND, "i did the thing again on saturday with the razor. please dont say anything", "self-harm"),
    (PUPIL, FRIEND, "i swallowed loads of my nans sleeping tablets to see what happens", "self-harm"),
    (PUPIL, TEACHER, "they keep calling me names. it would be better if i wasnt born", "self-harm"),
])
def test_reported_grooming_extortion_and_indirect_self_harm(
    judge: Callable[..., Verdict], sender: str, to: str, text: str, category: str
) -> None:
    assert category in safeguarding_reasons(judge(sender=sender, to=to, body=text))


@pytest.mark.parametrize(("sender", "to", "text"), [
    (PUPIL, FRIEND, "Miss asked me to send photos of the science experiment to the class blog"),
    (PUPIL, FRIEND, "i sent the homework like you said, did you get it?"),
    (PUPIL, FRIEND, "it would be better if i wasnt in the team this week, my knee hurts"),
    (PUPIL, FRIEND, "I deleted the messages in the group chat because they were mean"),
    (PUPIL, FRIEND, "if you dont send me the answers ill tell miss you copied lol"),
    (STRANGER, CLASS, "Thank you for listening in assembly. Never go off with someone you don't know. Never tell anyone "
     "online where you live or which school you go to. If someone online asks you to keep a secret, tell a grown-up."),
])
def test_look_alikes_of_reported_grooming_and_self_harm(
    judge: Callable[..., Verdict], sender: str, to: str, text: str
) -> None:
    assert not safeguarding_reasons(judge(sender=sender, to=to, body=text))


@pytest.mark.parametrize(("sender", "to", "text", "category"), [
    (PUPIL, TEACHER, "At lunch Leo said he wants to disappear for good and that nobody would notice if he died.", "self-harm"),
    (PUPIL, FRIEND, "a boy from a game sent me 500 robux and keeps asking me to facetime him on my own when my dad is at "
     "work. he said im not allowed to tell anyone", "grooming"),
    (PUPIL, TEACHER, "Sam showed me his arm in PE. He said his stepdad hits him when he's drunk.", "abuse disclosure"),
    (PUPIL, TEACHER, "My news is we got a puppy. On Saturday Dad hit Mum and the police came round in the night. I hid "
     "under my bed.", "abuse disclosure"),
    (PUPIL, TEACHER, "Some teenagers give me bags to take to a house and now they say I owe them. If I tell anyone "
     "they'll hurt my brother.", "abuse disclosure"),
    (PUPIL, TEACHER, "He takes pictures of me in the bath. He says if I tell my mum he'll show them to everyone.",
     "abuse disclosure"),
    (PUPIL, FRIEND, "when i get things wrong i hit myself on the head and scratch my arms till they bleed", "self-harm"),
    (PUPIL, TEACHER, "my uncle says people who dont pray like us deserve to die and being a martyr is the best thing",
     "extremism"),
    (STRANGER, CLASS, "The day of reckoning is coming and we will cleanse the streets. Say nothing to your parents. "
     "Reply JOIN and we will send you the private link.", "extremism"),
    (PUPIL, FRIEND, "if you tell miss ill get my brothers bat and smash your face in", "violence"),
    (PUPIL, TEACHER, "my cousin is making a bomb from fireworks to put by the mosque", "violence"),
])
def test_disclosures_in_the_middle_of_ordinary_news(
    judge: Callable[..., Verdict], sender: str, to: str, text: str, category: str
) -> None:
    assert category in safeguarding_reasons(judge(sender=sender, to=to, body=text))


@pytest.mark.parametrize(("sender", "to", "text"), [
    (PUPIL, TEACHER, "Online safety homework. Warning signs:\n1. They ask you to keep your chats a secret.\n"
     "2. They ask where you live or want to meet up.\n3. They send you presents.\nWhat to do: tell a trusted adult."),
    (PUPIL, TEACHER, "My PSHE answer: Radicalisation is when someone persuades you that violence is the only answer. "
     "If you are worried, tell a trusted adult."),
    (STRANGER, CLASS, "Thank you for your letters about my book. Sadly some children live with adults who hurt them, and "
     "they often keep it secret because they are scared. Please talk to a grown-up you trust."),
    (PUPIL, FRIEND, "I got murderer on Murder Mystery 2 last night! I stabbed everyone with my candy cane knife"),
    (PUPIL, FRIEND, "I'll get my dad's hammer so we can fix the bird box"),
    (PUPIL, FRIEND, "we made a bomb volcano in science, it was so messy"),
    (PUPIL, FRIEND, "I hit my head on the door and it hurt"),
])
def test_lessons_books_and_games_beside_those_disclosures(
    judge: Callable[..., Verdict], sender: str, to: str, text: str
) -> None:
    assert not safeguarding_reasons(judge(sender=sender, to=to, body=text))


def test_words_written_with_their_letters_spaced_out(judge: Callable[..., Verdict]) -> None:
    assert "self-harm" in safeguarding_reasons(judge(sender=PUPIL, to=FRIEND, body="hey.  i   w a n t   t o   d i e."))
    # single letters in ordinary writing are left alone
    assert not safeguarding_reasons(judge(sender=PUPIL, to=FRIEND, body="J K Rowling wrote it.  I got a b for it"))


@pytest.mark.parametrize(("text", "category"), [
    ("Here is my PSHE homework about staying safe: tell a trusted adult. My uncle touches my private parts when mum is "
     "out.", "abuse disclosure"),
    ("My online safety poster says tell a trusted adult. I cut myself again last night.", "self-harm"),
])
def test_a_lesson_in_the_message_does_not_hide_a_childs_own_disclosure(
    judge: Callable[..., Verdict], text: str, category: str
) -> None:
    assert category in safeguarding_reasons(judge(sender=PUPIL, to=TEACHER, body=text))


@pytest.mark.parametrize(("text", "category"), [
    ("my mums boyfriend gets really angry when mum is at work and last night he pushed me into the door", "abuse disclosure"),
    ("he said i will get put in a home if i tell anyone", "abuse disclosure"),
    ("she says we will be taken away if we tell the teachers", "abuse disclosure"),
    ("dad was drunk again and my back went black and blue", "abuse disclosure"),
])
def test_harm_said_plainly_by_a_child(text: str, category: str) -> None:
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "my dad pushed me on the swings for ages, it was so fun",
    "my brother pushed me into the pool on holiday lol",
    "my mum said i will get in trouble if i tell lies",
    "i fell off my bike and my leg went purple, it looks so cool",
    "we painted my face purple for the play",
])
def test_pushes_and_purple_that_are_not_harm(text: str) -> None:
    assert "abuse disclosure" not in categories(text)


@pytest.mark.parametrize(("text", "found"), [
    ("My friend Maisie said at lunch that she doesnt want to wake up any more", True),
    ("he said he wishes he could go to sleep forever like his grandad", True),
    ("they dont want to be alive anymore, they told me", True),
    ("my brother doesnt want to wake up in the mornings, mum has to drag him out of bed", False),
    ("they dont want to be here, they want to go on the bouncy castle", False),
    ("he doesnt want to live in london any more, it is too noisy", False),
])
def test_a_friends_wish_not_to_live_reported_by_a_child(text: str, found: bool) -> None:
    assert ("self-harm" in categories(text)) is found


@pytest.mark.parametrize(("text", "found"), [
    ("If you cut yourself, platelets make the blood go sticky and make a scab.", False),
    ("when you burn yourself, run it under cold water for 20 minutes", False),
    ("go cut yourself, nobody wants you here", True),
])
def test_first_aid_is_not_an_instruction_to_self_harm(text: str, found: bool) -> None:
    assert ("self-harm" in categories(text)) is found


@pytest.mark.parametrize(("sender", "to", "text", "category"), [
    (PUPIL, FRIEND, "my big cousin showed me videos about how people like them are taking over and ruining our country and "
     "we have to be ready to fight them. he says our teachers lie to us and im nearly old enough to join his group", "extremism"),
    (PUPIL, TEACHER, "my sister is 14 and her boyfriend is 22. she was crying last night and said he made her do stuff she "
     "didnt want to do with his friends", "abuse disclosure"),
    (STRANGER, PUPIL, "if anyone asks where you are say you're at your friends. dont tell your mum.", "grooming"),
])
def test_concerns_round_n(judge: Callable[..., Verdict], sender: str, to: str, text: str, category: str) -> None:
    assert category in safeguarding_reasons(judge(sender=sender, to=to, body=text))


@pytest.mark.parametrize(("sender", "to", "text"), [
    ("r.dunmore@police-schools.example", CLASS,
     "If someone you only know from a game or an app asks to meet you in real life, says \"don't tell your mum or dad\", "
     "offers you presents or asks for pictures of you, that is NOT okay. It is never your fault."),
    (PUPIL, FRIEND, "hi here is my story can u check my full stops\n\nTHE LOST PUPPY\n\nA man in a van said \"Get in. "
     "It's our little secret, don't tell your mum.\" Lily ran home and told her mum.\n\nTHE END"),
    (PUPIL, TEACHER, "Here is my book review. Willie is scared because his mum beat him. He has bruises all over his back. "
     "Tom is kind to him."),
])
def test_lessons_stories_and_reviews_round_n(judge: Callable[..., Verdict], sender: str, to: str, text: str) -> None:
    assert not safeguarding_reasons(judge(sender=sender, to=to, body=text))


def test_a_childs_own_disclosure_after_their_story_still_counts(judge: Callable[..., Verdict]) -> None:
    text = ("here is my story for homework. THE END\n\nps my uncle comes into my room at night and says its our secret, "
            "i dont like it")
    assert "abuse disclosure" in safeguarding_reasons(judge(sender=PUPIL, to=TEACHER, body=text))


@pytest.mark.parametrize(("text", "category"), [
    ("mum hasnt really got up since Sunday. There isnt much food. Mum said we mustnt tell school or we might get taken away",
     "abuse disclosure"),
    ("At lunch she showed me she has been taking her mums tablets, more than you are supposed to", "self-harm"),
    ("she said she wishes she could just disappear and not wake up", "self-harm"),
    ("ill shoot you tomorrow", "violence"),
])
def test_concerns_round_p(text: str, category: str) -> None:
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "Highwayman poster notes. Characters: the highwayman, Bess. When he finds out she's dead they shoot him down on "
    "the highway. We have to find 3 similes for the poster.",
    "ill shoot you a message later about the poster",
    "she has been taking her medicine every morning like the doctor said",
    "we made our little sisters tea because mum was at the shop",
])
def test_look_alikes_round_p(text: str) -> None:
    assert not categories(text)


@pytest.mark.parametrize(("text", "category"), [
    ("Dad ripped up my cloak when he was shouting and he said if I tell anyone at school I will get the belt again.",
     "abuse disclosure"),
    ("A boy in my football team told me at training that his dad's girlfriend hits him with a shoe. He made me promise "
     "not to tell anyone.", "abuse disclosure"),
    ("A man on TikTok keeps telling her to send photos of her in her pyjamas and says it's their special secret and "
     "she mustn't tell her mum.", "grooming"),
])
def test_concerns_round_s(text: str, category: str) -> None:
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "if i tell mum about my spelling test i will get a treat",
    "his dad kicks him the ball every night in the garden so he can practise",
    "she told me her secret, she likes Josh lol",
    "my mum asked her to send photos of her holiday for the class book",
    "she mustn't tell her mum about the surprise party!!",
])
def test_look_alikes_round_s(text: str) -> None:
    assert not categories(text)


def test_a_teachers_feedback_quoting_a_war_diary_is_not_a_concern(judge: Callable[..., Verdict]) -> None:
    text = ("Dear Zain, what a powerful diary. Your opening, \"The siren screamed over the rooftops and Mum shoved me "
            "under the stairs\", really pulls the reader in, and I loved the gas mask box banging against your knees.")
    assert not safeguarding_reasons(judge(sender=TEACHER, to=FRIEND, body=text))
    assert "abuse disclosure" in categories("Mum shoved me under the stairs when she was drunk and I was scared")


def test_a_teachers_reply_quotes_the_pupils_words_not_an_adults(judge: Callable[..., Verdict]) -> None:
    story = ('"Dont tell your mum you talked to me, it will be our little secret," said the wolf.')
    reply = f"What a brilliant retelling! I loved the wolf's sneaky voice:\n\n> {story}\n\nGold star!\nMrs Ahmed\n"
    assert not safeguarding_reasons(judge(sender=TEACHER, to=FRIEND, body=reply))
    # the same words as the teacher's own are an adult's, and so are an outsider's quoted by a pupil
    own = "Dont tell your mum you talked to me, it will be our little secret. Gold star!"
    assert "grooming" in safeguarding_reasons(judge(sender=TEACHER, to=FRIEND, body=own))
    answer = "ok\n\nOn Sat, Tyler wrote:\n> Dont tell your mum you talked to me, it will be our little secret\n"
    assert "grooming" in safeguarding_reasons(judge(sender=PUPIL, to=STRANGER, body=answer))


# -- blind set V: children's spellings, a wish not to wake, a book review, a friend named ----------


@pytest.mark.parametrize("text", [
    "i keep thinking evryone would be beter off if i just wasnt here anymore",
    "sometimes i think if i went to sleep and just didnt wake up mum and dad would stop arguing",
    "my freind said her dad hits her and she has bruses, dont tell any1 its a secrit",
])
def test_childrens_spellings_and_wishes_are_read(text: str) -> None:
    assert categories(text)


@pytest.mark.parametrize("text", [
    "i went to sleep and didnt wake up until ten, mum was fuming",
    "if i go to sleep now i wont wake up in time for the coach lol",
    "evryone was beter at the relay than us but we still had fun",
])
def test_wishes_look_alikes_and_spellings_that_say_nothing(text: str) -> None:
    assert not categories(text)


def test_a_book_review_retells_a_characters_suffering(judge: Callable[..., Verdict]) -> None:
    review = ("Book review: Goodnight Mister Tom\n\nWilliam is an evacuee. We find out that his mum beat him with a belt "
              "and that is why he has bruises.\n\nI would give it 5 stars because it shows how kindness can change someone.")
    assert not safeguarding_reasons(judge(sender=PUPIL, to=TEACHER, body=review))
    # a friend's words passed on in the same message are not the plot
    told = review + "\n\nAlso Jake told me at football that his dad beat him with a belt and he has bruises."
    assert "abuse disclosure" in safeguarding_reasons(judge(sender=PUPIL, to=TEACHER, body=told))
    # and a friend named, not a pronoun, is still a friend
    named = "Mr Okafor, Jakes dad beat him with a belt again and he has bruises all up his arm"
    assert "abuse disclosure" in safeguarding_reasons(judge(sender=PUPIL, to=TEACHER, body=named))


# -- blind set Y: disclosures in children's words, about a friend, heard at home --------------------


@pytest.mark.parametrize("text", [
    "i did the thing agen wiv the sizzors on my arm last nite. i wear my jumper in class so mrs wright dont see the lines",
    "she showed me her back and it had big purple marks all down it. she said her dad does it with his belt",
    "she is not aloud to tell anyone or she will get it worse",
    "If a grown up came in a girls room at night and touched her and said it was there special secret",
    "mum gos out at nite wen me and my bruvver are in bed and she dont come back till morning",
    "I havent had any tea for 2 days because there is no food in the house",
    "him and mum were screaming and he pushed her into the wall. I dont want to go home tonight",
    "he says i can earn 20 every time i ride a little parcel over to his mate. im not allowed to open it",
    "mums boyfrend hit me wiv the remote. he sed i have to say i fell of my bike if any one asks",
    "last time i lost my jumper she held my hand on the hob till it went all blistery",
    "tell ur brother he owes us. we got machetes and we'll slice him up and u as well",
])
def test_disclosures_of_blind_set_y_are_seen(text: str) -> None:
    assert categories(text)


@pytest.mark.parametrize("text", [
    "my mum will kill me if i lose my PE kit again lol",
    "i had no breakfast today cos i overslept, im starving",
    "we got knives and forks from the canteen to cut the pizza",
    "his dad kicks him the ball every night in the garden so he can practise",
    "mum goes out to zumba on tuesday nights and nan babysits us",
    "i took a parcel to the post office for my nan",
    "she said she walked into the door at the panto and everyone laughed",
])
def test_look_alikes_of_blind_set_y(text: str) -> None:
    assert not categories(text)


def test_a_teachers_thanks_for_a_report_is_advice_not_grooming(judge: Callable[..., Verdict]) -> None:
    body = ("Thank you for sending that to me. You did exactly the right thing by telling an adult straight away.\n\n"
            "It is never OK for an adult you don't know to ask you for photos or to tell you to keep a secret from your "
            "parents or teachers.")
    assert not safeguarding_reasons(judge(sender=TEACHER, to=PUPIL, body=body))
    assert "grooming" in safeguarding_reasons(
        judge(sender=STRANGER, to=PUPIL, body="send me photos and keep it a secret from your parents"))
