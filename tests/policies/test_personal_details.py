"""personal-details: what pupils must not reveal, and the look-alikes that are fine.

Default envelope: pupil (Amelia) to pupil (Isla), so the policy applies.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from gateway.config import Config
from policies._school import matches_school_contact
from policies.engine import Engine
from policies.message import parse
from policies.personal_details import PersonalDetails
from policies.types import Envelope, Finding
from policies.verdict import Verdict
from tests.conftest import build_eml

PUPIL = "amelia.clarke@rbps.example"
FRIEND = "isla.mensah@rbps.example"
GROUP = "year6@rbps.example"
TEACHER = "j.okafor@rbps.example"
MUSEUM = "learning@ratae-museum.example"

Judge = Callable[..., Verdict]


def details(judge: Judge, body: str = "Hi", **kwargs: Any) -> list[Finding]:
    kwargs.setdefault("sender", PUPIL)
    kwargs.setdefault("to", FRIEND)
    verdict = judge(body=body, **kwargs)
    return [f for f in verdict.findings if f.policy == "personal-details"]


def reasons(judge: Judge, body: str, **kwargs: Any) -> list[str]:
    return [f.reason for f in details(judge, body, **kwargs)]


# -- phone numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "evidence"),
    [
        ("text me on 07700900461 when your on", "07700900461"),
        ("My number is +44 7700 900982, message me", "+44 7700 900982"),
        ("ring me at my nan's, the number is (0116) 496 0758. Ask for Grace", "(0116) 496 0758"),
        ("get your dad to phone him on 07700-900-314 and say", "07700-900-314"),
        ("my new phone is 07700 900 123!", "07700 900 123"),
        ("call 0044 7700 900555 after tea", "0044 7700 900555"),
        ("my mums work number is 020 7946 0018", "020 7946 0018"),
        ("mob: 07700.900.321", "07700.900.321"),
        ("my cousin in France is +33 6 12 34 56 78", "+33 6 12 34 56 78"),
        ("WhatsApp: +44 (0)7700 900 666.", "+44 (0)7700 900 666"),
    ],
)
def test_phone_numbers_are_found(judge: Judge, body: str, evidence: str) -> None:
    found = details(judge, body)
    assert [(f.reason, f.evidence) for f in found] == [("phone number", evidence)]


@pytest.mark.parametrize(
    "body",
    [
        "Our last box was order number 2024-118735 (32 books).",
        "5) 07452 ÷ 4 = 1863 and 1,044,225 ÷ 25 = 41,769",
        "the Great Wall is 21,196 km long and about 300,000 people built it",
        "revise page 147 of the reading book; it became a World Heritage Site in 1987",
        "ISBN 978-0-14-103614-4 or ISBN 0141036142",
        "pi is 3.14159265358 and a googol has 100 zeros",
        "the trip is on 14/03/2025 and 15.03.2025",
        "years: 1066 1215 1666 1805 1914 1939 1945",
        "my scores were 100 200 300 400 500",
        "Order ref 01234 567890 has been dispatched",
        "If your mum lost the letter she can ring the office on 0116 496 0123.",
        "the school is +44 (0)116 496 0123 if you ring from abroad",
    ],
)
def test_numbers_that_are_not_personal_phone_numbers(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


def test_one_finding_per_number_however_often_and_however_written(judge: Judge) -> None:
    body = "my number is 07700 900123. again: 07700900123 or +44 7700 900123"
    found = details(judge, body, html=f"<p>{body}</p>")
    assert [f.evidence for f in found] == ["07700 900123"]


def test_whatsapp_invitation_with_the_number_is_one_detail(judge: Judge) -> None:
    found = details(judge, "My number is +44 7700 900982, message me on WhatsApp")
    assert [f.reason for f in found] == ["phone number"]


def test_phone_in_subject_is_reported_there(judge: Judge) -> None:
    found = details(judge, "see subject", subject="ring me 07700 900222")
    assert [(f.where, f.evidence) for f in found] == [("subject", "07700 900222")]


# -- addresses and postcodes --------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "evidence"),
    [
        (
            "I live at 14 Cherry Tree Close now,\nThurmaston, LE4 8GH. It's the house",
            "14 Cherry Tree Close now, Thurmaston, LE4 8GH",
        ),
        ("My address is 9 Fernie Road, LE4 0QR if you want to post it", "9 Fernie Road, LE4 0QR"),
        ("i live at 14 elm road", "14 elm road"),
        ("come round to 7 Station Street after school", "7 Station Street"),
        ("my nan's house is 27 Harrow Road, Thurmaston", "27 Harrow Road"),
        ("Where: my house, 42 Linden Avenue, Birstall, LE4 4AB", "42 Linden Avenue, Birstall, LE4 4AB"),
        ("We live on Fernie Road near the shop", "Fernie Road"),
    ],
)
def test_home_addresses_are_found(judge: Judge, body: str, evidence: str) -> None:
    found = details(judge, body)
    assert [(f.reason, f.evidence) for f in found] == [("home address", evidence)]


def test_postcode_on_its_own_is_found(judge: Judge) -> None:
    assert reasons(judge, "my postcode is le4 8gh lol") == ["postcode"]
    assert reasons(judge, "we are in LE2 7QP now") == ["postcode"]


@pytest.mark.parametrize(
    "body",
    [
        "I live in Leicester and my gran lives in Wales",
        "we scored 3 goals on the way home",
        "I got a ps4 2nd hand from my cousin",
        "Sherlock Holmes lives at 221B Baker Street in the stories",
        "The Prime Minister lives at 10 Downing Street, London SW1A 2AA",
        "Our school is at 5 Bakewell Lane, Leicester, LE4 9ZZ",
        "Robert Bakewell Primary School\n5 Bakewell Ln\nLeicester\nLE4 9ZZ",
        "I read 3 chapters in the park and walked 5 miles up the hill",
        "The Great Fire of London started in Pudding Lane in 1666",
    ],
)
def test_places_that_are_not_home_addresses(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


def test_another_house_on_the_schools_street_is_a_home_address(judge: Judge) -> None:
    assert reasons(judge, "I live at 15 Bakewell Lane, right by school") == ["home address"]


def test_organisation_signature_is_not_personal(judge: Judge) -> None:
    body = (
        "Dear Year 6,\n\nThank you for your questions. I've attached a worksheet.\n\nBest wishes,\n\n"
        "Priya Lal\nLearning Officer\nRatae Roman Museum\n22 Vaughan Way\nLeicester\nLE1 4SA\n"
        "Tel: 0116 496 0999\nlearning@ratae-museum.example\nwww.ratae-museum.example\n"
    )
    assert details(judge, body, sender=MUSEUM, to=GROUP) == []


def test_organisation_signature_quoted_in_a_class_reply_is_not_personal(judge: Judge) -> None:
    body = (
        "Thank you for the answers!\n\nYear 6\n\n-----Original Message-----\nFrom: Ratae Roman Museum\n"
        "Sent: 24 February 2025 10:12\nTo: Year 6\nSubject: Re: questions\n\nDear Year 6,\nHere are the answers.\n\n"
        "Kind regards,\nPriya Lal\nRatae Roman Museum\n22 Vaughan Way\nLeicester\nLE1 4SA\nTel: 0116 496 0999\n"
    )
    assert details(judge, body, sender=GROUP, to=TEACHER) == []


def test_outsider_giving_a_mobile_in_the_body_is_found(judge: Judge) -> None:
    body = "Message our casting manager Rick directly on WhatsApp: +44 (0)7700 900 666.\n\nStarKids Talent"
    assert reasons(judge, body, sender="casting@starkids-talent.example", to=GROUP) == ["phone number"]


def test_organisation_office_number_in_the_body_is_not_personal(judge: Judge) -> None:
    body = "If you have more questions, call us on 0116 496 0999 any weekday.\nThe Learning Team"
    assert details(judge, body, sender=MUSEUM, to=GROUP) == []


def test_a_pupils_own_signature_with_a_home_address_is_found(judge: Judge) -> None:
    body = "See you Monday!\n\nBest wishes,\nAmelia\n14 Elm Road\nLeicester\nLE4 8GH\n"
    assert reasons(judge, body) == ["home address"]


def test_free_mail_outsider_signature_is_not_an_organisation(judge: Judge) -> None:
    body = "hey, it was fun playing\n\nthanks\nJay\n07700 900765\n"
    assert reasons(judge, body, sender="jay.gamer@freemail.example", to=FRIEND) == ["phone number"]


# -- dates of birth -----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "My date of birth is 03/09/2015 so I'm the oldest",
        "My birthday is 4th July 2014, which is American Independence Day",
        "I was born on 12/05/2014 in Leicester",
        "DOB: 21.11.2015",
        "I was born on the 5th of May",
        "my brother was born on March 3rd, 2019",
        "Ruby was born on 4 July 2014",
    ],
)
def test_dates_of_birth_in_context(judge: Judge, body: str) -> None:
    assert reasons(judge, body) == ["date of birth"]


@pytest.mark.parametrize(
    "body",
    [
        "the trip to the Stars Discovery Centre is on 14/03/2025",
        "On 14 November 1940 German bombers attacked Coventry",
        "William Wordsworth was born in 1770",
        "Anne Frank was born on 12 June 1929 in Frankfurt",
        "Henry VIII was born on 28 June 1491",
        "my birthday party is on 8th February, 2 till 5",
        "it's my birthday on Saturday!!",
        "I was born in March",
    ],
)
def test_dates_that_are_not_dates_of_birth(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


# -- email addresses ----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Grace my mum made me my own email at home!!! Its\npoppy.sparkles2015@gmail.com",
        "email me at cool.kid.2014@hotmail.co.uk at the weekend",
        "my other email is amy@example.org",
        "write to jay99@freemail.example instead",
    ],
)
def test_personal_email_addresses(judge: Judge, body: str) -> None:
    assert reasons(judge, body) == ["personal email address"]


@pytest.mark.parametrize(
    "body",
    [
        "please send it to isla.mensah@rbps.example or to Mr Okafor",
        "the museum said to write to learning@ratae-museum.example for worksheets",
        "the author's publisher is at books@publisher.example",
    ],
)
def test_email_addresses_that_are_not_personal(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


def test_sender_address_quoted_in_a_reply_header_is_not_shared(judge: Judge) -> None:
    body = (
        "Hi Tyler, see you soon.\n\nOn Fri, 7 Mar 2025 at 22:04, Tyler <tyler.music.2012@freemail.example>\n"
        "wrote:\n> hey, how are you?\n"
    )
    assert details(judge, body, to="tyler.music.2012@freemail.example") == []


# -- social media and gaming handles ------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "add me on Snapchat!!! my username is zain_goat_11",
        "add me on snapchat, I'm cool_kid_2014",
        "my insta is @sparkle.girl_09",
        "message me on WhatsApp tonight",
        "my Roblox username is BuilderBob99",
        "follow me on TikTok i post every day",
        "add me on snap so we can sort it out, im jaydenn.x12",
    ],
)
def test_handles_with_an_invitation(judge: Judge, body: str) -> None:
    assert reasons(judge, body) == ["social media handle"]


@pytest.mark.parametrize(
    "body",
    [
        "I watched a video by @MrBeast on YouTube",
        "Roblox is my favourite game and my brother plays Fortnite",
        "we learned about staying safe on Snapchat in PSHE",
        "can you find the answer on YouTube?",
        "I play with my cousins on Minecraft at the weekend",
        "My username is freddiej4 for Times Tables Rock Stars",
    ],
)
def test_platform_mentions_without_an_invitation(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


# -- passwords and PINs -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "My username is freddiej4 and my password is\nrocket2016",
        "the PIN is 1234 for the ipad",
        "the wifi password is Bananas!22",
        "username: freddie password: tiger99",
        "my ipad passcode is 4821",
        'my password for TTRS is "Charizard7"',
    ],
)
def test_passwords_and_pins(judge: Judge, body: str) -> None:
    assert reasons(judge, body) == ["password"]


@pytest.mark.parametrize(
    "body",
    [
        "A strong password has at least 8 characters and a mix of letters and numbers.",
        "Never share your password with anyone, not even your best friend.",
        "my password is really strong now",
        "An example of a strong password is Tr0ub4dor&3",
        "I forgot my password again so Mr Evans reset it",
        "Your PIN is private. The bowling pin is heavy.",
        "the password is the key to your account",
    ],
)
def test_password_lessons_are_not_passwords(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


# -- pupils' full names -------------------------------------------------------------


def test_full_names_going_outside_concern_the_external_recipients(judge: Judge) -> None:
    found = details(
        judge,
        "Here are the pairs:\nAmelia Clarke - Ruby\nOliver Nowak - Callum",
        sender=GROUP,
        to=["k.trevelyan@harbourside-primary.example", TEACHER],
    )
    assert [(f.reason, f.evidence) for f in found] == [
        ("pupil's full name", "Amelia Clarke"),
        ("pupil's full name", "Oliver Nowak"),
    ]
    assert all(f.recipients == frozenset({"k.trevelyan@harbourside-primary.example"}) for f in found)


def test_full_name_in_the_subject_and_surname_first(judge: Judge) -> None:
    found = details(judge, "by Clarke, Amelia", subject="Isla Mensah's poem", sender=GROUP, to=MUSEUM)
    assert [(f.where, f.evidence) for f in found] == [("subject", "Isla Mensah"), ("body", "Clarke, Amelia")]


@pytest.mark.parametrize(
    "kwargs",
    [
        # First names alone.
        {"body": "Amelia and Zain are on the Eco Council", "sender": GROUP, "to": MUSEUM},
        # Inside the school.
        {"body": "Jobs: Leo Fernandes and Amelia Clarke - posters", "sender": PUPIL, "to": "eco-council@rbps.example"},
        # An address header alone.
        {
            "body": "Hello from Oak Class",
            "sender": "Year 6 <year6@rbps.example>",
            "to": f"Ratae Museum <{MUSEUM}>",
            "headers": {"Cc": f"Amelia Clarke <{PUPIL}>"},
        },
        # A quoted reply header.
        {
            "body": "Thanks!\n\nOn Mon, 3 Mar 2025, Amelia Clarke <amelia.clarke@rbps.example> wrote:\n> hi",
            "sender": GROUP,
            "to": MUSEUM,
        },
    ],
)
def test_names_that_do_not_count(judge: Judge, kwargs: dict[str, Any]) -> None:
    assert details(judge, **kwargs) == []


# -- scope --------------------------------------------------------------------------


def test_staff_to_staff_is_not_checked(judge: Judge) -> None:
    assert details(judge, "my mobile is 07700 900118", sender="s.wright@rbps.example", to=TEACHER) == []


def test_outsider_to_staff_is_not_checked(judge: Judge) -> None:
    assert details(judge, "I'm on 07700 900553, DOB 21/11/2015", sender="dad@homemail.example", to=TEACHER) == []


def test_outsider_to_pupil_is_checked(judge: Judge) -> None:
    assert reasons(judge, "add me on snap, im jay.x12", sender="jay@freemail.example", to=FRIEND) == [
        "social media handle"
    ]


def test_several_kinds_each_once_in_order(judge: Judge) -> None:
    body = (
        "my number is 07700 900123 and I live at 3 Oak Road, LE4 8GH. my password is tiger99.\n"
        "again my number is 07700 900123"
    )
    assert reasons(judge, body) == ["phone number", "home address", "password"]


# -- the school's own contact details -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0116 496 0123", True),
        ("+44 (0)116 496 0123", True),
        ("0044 116 4960123", True),
        ("01164960124", False),
        ("LE4 9ZZ", True),
        ("le49zz", True),
        ("5 Bakewell Ln", True),
        ("15 Bakewell Lane", False),
        ("LE4 8GH", False),
    ],
)
def test_school_contact_matcher(config: Config, text: str, expected: bool) -> None:
    assert matches_school_contact(config.school, text) is expected


# -- speed --------------------------------------------------------------------------


def _judge_time(config: Config, body: str) -> tuple[float, Verdict]:
    engine = Engine(config, policies=[PersonalDetails])
    raw = build_eml(sender=GROUP, to=[FRIEND, MUSEUM], body=body)
    message = parse(raw)
    start = time.process_time()
    verdict = engine.judge(Envelope(GROUP, (FRIEND, MUSEUM), raw), message)
    return time.process_time() - start, verdict  # CPU time: other work on the machine does not count


def test_a_one_megabyte_body_is_checked_well_under_a_second(config: Config) -> None:
    paragraph = (
        "Dear Museum, on 14 November 1940 the Blitz hit Coventry; page 147 says 21,196 km and 300,000 people. "
        "We met our target: 7,452 / 12 = 621 and 07452 / 4 = 1863. Amelia and Zain say thanks, Best wishes,\n"
        "Oak Class\nRobert Bakewell Primary School, 5 Bakewell Lane, Leicester, LE4 9ZZ, 0116 496 0123\n\n"
    )
    body = paragraph * (1_000_000 // len(paragraph))
    elapsed, verdict = _judge_time(config, body + "my number is 07700 900123\n")
    assert [f.evidence for f in verdict.findings if f.policy == "personal-details"] == ["07700 900123"]
    assert elapsed < 0.5


@pytest.mark.parametrize(
    "unit",
    [
        "0116 496 ",
        "@",
        "12 a b ",
        "my password is ",
        "add me on snap ",
        "add me on ",
        "snap snap ",
        "x.y@z.example ",
        "> On Tue wrote:\n",
        "Best wishes,\n",
        "9" * 50 + " ",
    ],
)
def test_hostile_bodies_stay_fast(config: Config, unit: str) -> None:
    body = unit * (1_000_000 // len(unit))
    elapsed, _ = _judge_time(config, body)
    assert elapsed < 1.0


# -- later additions: spelt-out addresses, "I'm x on snapchat", details in signatures -----


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("my email is poppy at gmail dot com", "personal email address"),
        ("cool.kid (at) hotmail (dot) co (dot) uk", "personal email address"),
        ("I'm cool_kid_2014 on snapchat", "social media handle"),
    ],
)
def test_disguised_details(judge: Judge, body: str, reason: str) -> None:
    assert reasons(judge, body) == [reason]


@pytest.mark.parametrize(
    "body",
    [
        "we arrived at school at nine",
        "look at gmail.com for the answer",
        "I'm always on Roblox",
        "im bored on fortnite",
    ],
)
def test_not_disguised_details(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


def test_whatsapp_handle_that_is_the_phone_number_is_one_detail(judge: Judge) -> None:
    assert reasons(judge, "my whatsapp is 07700 900123") == ["phone number"]


def test_a_mobile_given_as_personal_in_an_organisation_signature_is_found(judge: Judge) -> None:
    body = "Dear Oak Class,\nthe letters are below.\n\nBest wishes,\nMrs T\nHarbourside Primary School\nRuby: text my mum on 07700 900277\n"
    assert reasons(judge, body, sender="class6@harbourside-primary.example", to=GROUP) == ["phone number"]


@pytest.mark.parametrize(
    "body",
    [
        "In the story the family lives at 12 Elm Road but then they move to the seaside.",
        "Chapter 12 (pages 210-245) ends when Pip lives at 3 Clockwork Lane with Fox.",
        "In the book the giant lives on Beanstalk Road.",
    ],
)
def test_homes_in_stories_are_not_home_addresses(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


@pytest.mark.parametrize(
    "body",
    [
        "I read your book three times! I live at 14 Elm Road, please send a signed copy",
        "I loved the book. My friend Amy lives at 3 Oak Avenue near me",
    ],
)
def test_a_book_mentioned_does_not_hide_a_real_home(judge: Judge, body: str) -> None:
    assert reasons(judge, body) == ["home address"]


def test_helplines_and_business_numbers_are_not_personal(judge: Judge) -> None:
    body = "If you are worried, call the NSPCC on 0808 800 5000 or the shop on 0345 600 7000."
    assert details(judge, body) == []


def test_organisation_giving_its_own_address_in_the_body_is_not_personal(judge: Judge) -> None:
    body = "Our museum is at 22 Vaughan Way, Leicester, LE1 4SA, and you can call us on 0116 496 0999.\nSee you soon"
    assert details(judge, body, sender=MUSEUM, to=GROUP) == []


def test_a_pen_pal_giving_her_family_address_is_found(judge: Judge) -> None:
    body = "Hi from Ruby! Write to me, our address is 3 Sea Road, Seaford, BN25 1AA.\nRuby"
    assert reasons(judge, body, sender="class6@harbourside-primary.example", to=GROUP) == ["home address"]


@pytest.mark.parametrize(
    ("body", "secret"),
    [
        ("the code to my phone is 1234", True),
        ("our door code is 4321 if nobody answers", True),
        ("my locker combination: 0815", True),
        ("the code for the game is on the board", False),
        ("in coding club we wrote code for the robot", False),
        ("my phone code is really easy", False),
    ],
)
def test_codes_that_open_things(judge: Judge, body: str, secret: bool) -> None:
    assert reasons(judge, body) == (["password"] if secret else [])


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("my number is 07700\n900123 ok", "phone number"),
        ("send it to 14 Elm Road and my mum will get it", "home address"),
        ("follow me @cool_kid_2014 !!", "social media handle"),
    ],
)
def test_more_ways_of_giving_details(judge: Judge, body: str, reason: str) -> None:
    assert reasons(judge, body) == [reason]


def test_organisation_asking_to_be_followed_is_not_personal(judge: Judge) -> None:
    assert details(judge, "Follow us @rataemuseum for more Roman facts!", sender=MUSEUM, to=GROUP) == []


def test_organisation_landline_in_the_body_is_not_personal(judge: Judge) -> None:
    assert details(judge, "For bookings please ring 0116 496 0999.", sender=MUSEUM, to=GROUP) == []


@pytest.mark.parametrize(
    "body",
    ["Ruby says: ring my mum on 01632 960123", "For the trip, Mr Lee's mobile is 07700 900444."],
)
def test_personal_numbers_in_an_organisations_message_are_found(judge: Judge, body: str) -> None:
    assert reasons(judge, body, sender="class6@harbourside-primary.example", to=GROUP) == ["phone number"]


@pytest.mark.parametrize(
    "body",
    ["I'm zainGOAT on fortnite add me", "hmu on snap: zainnn.11", "my fortnite name is zainGOAT"],
)
def test_gaming_names_with_an_invitation(judge: Judge, body: str) -> None:
    assert reasons(judge, body) == ["social media handle"]


def test_a_plain_first_name_on_a_platform_is_not_a_handle(judge: Judge) -> None:
    assert details(judge, "I'm Zain on Fortnite and Poppy on Roblox, we just play") == []


def test_organisation_signature_without_a_sign_off_line_is_not_personal(judge: Judge) -> None:
    body = (
        "Thanks for your questions, Year 6! The answers are in the attached sheet.\n\n"
        "Priya Lal\nLearning Officer\nRatae Roman Museum\n22 Vaughan Way\nLeicester\nLE1 4SA\n"
    )
    assert details(judge, body, sender=MUSEUM, to=GROUP) == []


def test_a_mobile_in_a_bare_sign_off_from_an_unknown_outfit_is_found(judge: Judge) -> None:
    body = "Send us your photos today!\n\nThanks,\nRick\n07700 900666\n"
    assert reasons(judge, body, sender="casting@starkids-talent.example", to=GROUP) == ["phone number"]


def test_organisation_account_is_not_personal_but_a_pupils_is(judge: Judge) -> None:
    assert details(judge, "Our Instagram is @rataemuseum - have a look!", sender=MUSEUM, to=GROUP) == []
    assert reasons(judge, "my instagram is @amelia.c.2014 - have a look!") == ["social media handle"]


def test_shouting_does_not_hide_an_invitation(judge: Judge) -> None:
    assert reasons(judge, "MESSAGE ME ON WHATSAPP!!!") == ["social media handle"]


@pytest.mark.parametrize(
    ("body", "secret"),
    [
        ("pin is 4821", True),
        ("PIN code is 1234", True),
        ("Password: ********", False),
        ("password is important", False),
    ],
)
def test_pins_without_my_and_masked_passwords(judge: Judge, body: str, secret: bool) -> None:
    assert reasons(judge, body) == (["password"] if secret else [])


@pytest.mark.parametrize(
    ("body", "secret"),
    [
        ("I never told anyone this but my password is rocket2016", True),
        ("never say your password is 1234", False),
        ("for example, your password is Tr0ub4dor&3", False),
    ],
)
def test_lesson_words_only_excuse_their_own_example(judge: Judge, body: str, secret: bool) -> None:
    assert reasons(judge, body) == (["password"] if secret else [])


def test_an_organisations_address_named_as_theirs_is_not_personal(judge: Judge) -> None:
    assert details(judge, "the museum's email is learning@ratae-museum.example if you want worksheets") == []
    assert reasons(judge, "my dad's email is dan.taylor@work.example") == ["personal email address"]


# -- an organisation's own postal address, and requests for details -------------------

SHOP = "events@minsterbooks.example"


@pytest.mark.parametrize(
    "body",
    [
        "Thank you for coming! Our address is Kingfisher Way, Derby DE1 3QP.",
        "Our postal address is PO Box 77, Nottingham NG1 9XY if you would like to send letters.",
        "Please post your entries to our address: Poetry Prize, Kingfisher Way, Derby DE1 3QP",
        "Send your drawings to us at Minster Books, 8 Coney Street, York YO1 9QL by Friday.",
        "Our offices are at 5 Quay Row, Bristol BS1 4DJ, so send your posters there.",
        "Our full address is:\nMinster Books\n8 Coney Street\nYork YO1 9QL",
        "We're based at 8 Coney Street, York YO1 9QL.",
    ],
)
def test_an_organisation_giving_its_own_postal_address_is_not_personal(judge: Judge, body: str) -> None:
    assert details(judge, body, sender=SHOP, to=GROUP) == []
    assert details(judge, body, sender=SHOP, to=PUPIL) == []


@pytest.mark.parametrize(
    "body",
    [
        "Hello! Our address is 6 Heron Close, Filey YO14 9AB, my mum says you can write to us.",
        "Hi, it's Maya. Send a card to me, our address is 14 Wren Road, Selby YO8 4PF.",
        "Our address is 6 Heron Close, Filey YO14 9AB - that's our house by the sea!",
        "Post it to us at 6 Heron Close, Filey YO14 9AB, that's where I live with my gran.",
    ],
)
def test_our_address_with_signs_of_a_home_is_found(judge: Judge, body: str) -> None:
    assert details(judge, body, sender="class5@seaview-primary.example", to=GROUP) != []


@pytest.mark.parametrize(
    "body",
    [
        "Our address is 6 Heron Close, Filey YO14 9AB.",
        "Send your letters to us at 6 Heron Close, Filey YO14 9AB!",
    ],
)
def test_our_address_from_a_pupil_or_free_mail_is_found(judge: Judge, body: str) -> None:
    assert details(judge, body) != []
    assert details(judge, body, sender="sam.k.1990@freemail.example", to=PUPIL) != []


@pytest.mark.parametrize(
    "body",
    [
        "hey whats ur address?",
        "can you tell me your phone number and what school you go to",
        "send me your full name and a pic of you",
    ],
)
def test_asking_for_details_is_not_giving_them(judge: Judge, body: str) -> None:
    # A request reveals nothing: an outsider asking a pupil where she lives or for a photo
    # is grooming (safeguarding), and meeting-arrangement when it leads to a visit.
    assert details(judge, body, sender="sam.k.1990@freemail.example", to=PUPIL) == []


@pytest.mark.parametrize(
    "body",
    [
        "Come and see us at 8 Coney Street, York YO1 9QL on Saturday!",
        "Venue: Riverside Arts Centre, Quay Road, Hull HU1 2AA",
        "Address: Minster Books Ltd, 8 Coney Street, York YO1 9QL",
        "Coaches: use postcode DE1 3QP in your satnav, the drop-off is by the side gate.",
        "For parking, the postcode is DE1 3QP.",
    ],
)
def test_an_organisation_naming_or_directing_to_its_venue_is_not_personal(judge: Judge, body: str) -> None:
    assert details(judge, body, sender=SHOP, to=GROUP) == []


@pytest.mark.parametrize(
    "body",
    [
        "We will post your prize to:\nName: Leo Grant\nAddress: 33 Birch Road, Leicester LE3 9DF",
        "Delivery address: 33 Birch Road, Leicester LE3 9DF",
        "Use postcode LE3 9DF in your satnav, that's my house.",
    ],
)
def test_a_home_address_in_an_organisations_message_is_still_found(judge: Judge, body: str) -> None:
    assert details(judge, body, sender=SHOP, to=PUPIL) != []


@pytest.mark.parametrize(
    "body",
    [
        "Address: 4 Station Road, Leicester LE3 9DF",
        "Address: 7 Church Lane, Anstey LE7 7AX",
        "Where: 12 School Close, LE3 9DF",
    ],
)
def test_a_street_named_after_a_building_is_still_a_home(judge: Judge, body: str) -> None:
    assert details(judge, body, sender=SHOP, to=PUPIL) != []


@pytest.mark.parametrize(
    "body",
    [
        "Our garden centre is at 3 Moor Lane, Thirsk YO7 1AA, open daily.",
        "Our head office: 9 Silver Street, Bedford MK40 1SY",
        "Please return the slips to Riverside Arts Centre, Quay Road, Hull HU1 2AA.",
        "Drop-off is at Kingfisher Museum, Derby DE1 3QP.",
    ],
)
def test_an_organisations_place_named_as_such_is_not_personal(judge: Judge, body: str) -> None:
    assert details(judge, body, sender=SHOP, to=GROUP) == []


@pytest.mark.parametrize(
    "body",
    [
        "Hello Amelia, it's Priya's dad. Our address is 21 Larch Close, Glenfield LE3 8QT.",
        "Address: Leo Grant, The Old School House, Anstey LE7 7AB",
        "Post it to Leo at 33 Birch Road, Leicester LE3 9DF, the club will pay.",
    ],
)
def test_a_family_or_a_child_in_an_organisations_message_is_still_found(judge: Judge, body: str) -> None:
    assert details(judge, body, sender="hello@larch-family.example", to=PUPIL) != []
    assert details(judge, body, sender=SHOP, to=PUPIL) != []


# -- children's spellings ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("my roblox pasword is Sparkle123", "password"),
        ("my passwrd for minecraft is diamond99", "password"),
        ("pasword: kittycat7", "password"),
        ("my bday is 5/6/15", "date of birth"),
        ("my b'day is 12th feb 2015 so im 11", "date of birth"),
    ],
)
def test_childrens_spellings_of_password_and_birthday(judge: Judge, body: str, reason: str) -> None:
    assert reasons(judge, body) == [reason]


@pytest.mark.parametrize(
    "body",
    [
        "my pasword is a secret lol",
        "my bday is on friday and im having a party",
        "my bday party is 14/06/2026 at the bowling",
        "my b-day is in May",
    ],
)
def test_childrens_spellings_without_a_detail(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


@pytest.mark.parametrize(
    ("body", "evidence"),
    [
        ("im at flat 3b, 40 Hinckley Rd now", "40 Hinckley Rd"),
        ("come 2 mine its 56 sycamore grove", "56 sycamore grove"),
        ("come to mine!! its 3 Wren Walk", "3 Wren Walk"),
        ("sleepover at mine!! 12 Poplar Avenue 6pm", "12 Poplar Avenue"),
        ("we're still at 8 Fern Close till the new house is ready", "8 Fern Close"),
        ("Apartment 4, 19 Canal Street", "19 Canal Street"),
    ],
)
def test_more_ways_of_saying_a_street_is_a_home(judge: Judge, body: str, evidence: str) -> None:
    assert [(f.reason, f.evidence) for f in details(judge, body)] == [("home address", evidence)]


@pytest.mark.parametrize(
    "body",
    [
        "in our story the family lives at 12 Elm Road and the dog runs away",
        "In my book the witch lives at 4 Crooked Lane.",
        "the bus is the number 14 and it goes past Oak Road",
        "we were at 10 Downing Street on the trip!!",
    ],
)
def test_a_writers_story_is_not_the_writers_home(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


@pytest.mark.parametrize(
    ("body", "evidence"),
    [
        ("im on roblox as PoppyPlays2015 add me", "im on roblox as PoppyPlays2015"),
        ("find me on minecraft as Steve", "find me on minecraft as Steve"),
        ("my name on fortnite is Blaze_77", "my name on fortnite is Blaze_77"),
    ],
)
def test_the_platform_before_the_handle(judge: Judge, body: str, evidence: str) -> None:
    assert [(f.reason, f.evidence) for f in details(judge, body)] == [("social media handle", evidence)]


@pytest.mark.parametrize(
    "body",
    [
        "im on roblox as well its so fun",
        "I'm in minecraft as Steve in the story we wrote",
        "my name on the register is wrong",
    ],
)
def test_being_on_a_platform_is_not_a_handle(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


# -- places' numbers and a recipient organisation's own details ----------------------

FREE_MAIL_PAL = "penpal.jo@hotmail.com"


@pytest.mark.parametrize(
    "body",
    [
        "For my project I found out the museum's number is 0116 496 0999 and it opens at 10",
        "Jewry Wall Museum phone number: 0116 496 0777",
        "you can ring the zoo on 0116 496 0210 to book a tour",
        "The Leicester City Council number is 0116 454 1000.",
    ],
)
def test_a_places_landline_in_a_pupils_project_is_not_personal(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


@pytest.mark.parametrize(
    "body",
    [
        "my dad's office number is 0116 496 0444",
        "the museum's number is 07700 900111 ask for Dave",
        "ring my nan's shop on 0116 496 0871",
    ],
)
def test_a_familys_or_a_mobile_number_said_to_be_a_places_is_found(judge: Judge, body: str) -> None:
    assert reasons(judge, body) == ["phone number"]


def test_asking_an_organisation_about_its_own_address_is_not_personal(judge: Judge) -> None:
    body = "Hi Ratae Museum, is your address still 22 Vaughan Way? We want to visit"
    assert details(judge, body, to=MUSEUM) == []
    assert details(judge, "Dear Museum, are you still at 22 Vaughan Way, LE1 4SF?", sender=GROUP, to=MUSEUM) == []


@pytest.mark.parametrize(
    "to",
    [FRIEND, FREE_MAIL_PAL, [MUSEUM, FRIEND]],
)
def test_your_address_to_a_pupil_or_a_person_is_found(judge: Judge, to: str | list[str]) -> None:
    assert reasons(judge, "is your address still 22 Vaughan Way?", to=to) == ["home address"]


def test_my_address_to_an_organisation_is_found(judge: Judge) -> None:
    body = "please send the badge to my house, 4 Oak Road, Leicester LE3 9QP. Is your address on the website?"
    assert reasons(judge, body, to=MUSEUM) == ["home address"]


def test_an_organisation_named_in_the_plural_gives_its_own_address(judge: Judge) -> None:
    body = "Please post your entries to Leicester Libraries, 120 Charles Street, Leicester LE1 1FB by Friday."
    assert details(judge, body, sender=SHOP, to=GROUP) == []


@pytest.mark.parametrize(
    "body",
    [
        "Dear Maisie, is your address still 4 Oak Road? I want to send you a card",
        "Hi museum, is your address 4 Oak Road? my nan lives there too",
    ],
)
def test_your_address_to_a_pen_pal_class_or_with_a_home_is_found(judge: Judge, body: str) -> None:
    assert reasons(judge, body, sender=GROUP, to="class5@greenfield-primary.example") == ["home address"]


# -- held-out probes: number and street apart, passwords of a place, deaths, organisations' accounts --


@pytest.mark.parametrize(
    ("body", "evidence"),
    [
        ("my house number is 14 and its on Clover Lane", "house number is 14 and its on Clover Lane"),
        ("House no. 3 on Lime Grove, the one with the trampoline", "House no. 3 on Lime Grove"),
    ],
)
def test_a_house_number_and_its_street_apart(judge: Judge, body: str, evidence: str) -> None:
    assert [(f.reason, f.evidence) for f in details(judge, body)] == [("home address", evidence)]


@pytest.mark.parametrize(
    "body",
    [
        "our house number is 7 but i cant say the road lol",
        "the bus number is 14 and it stops on Oak Road",
        "in the story the house number is 9 on Spooky Lane",
    ],
)
def test_a_house_number_without_its_street(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("the wifi password at my house is Smith1985home", True),
        ("my password's tiger99", True),
        ("the password for this game is hard", False),
        ("the password for the trip website was given out in class", False),
    ],
)
def test_a_password_of_a_place(judge: Judge, body: str, found: bool) -> None:
    assert (reasons(judge, body) == ["password"]) is found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("the queen was born in 1926 and died 8 september 2022", False),
        ("he was born in Leicester until he moved on 4 May 2016", False),
        ("my brother was born in hospital on 9 March 2019", True),
    ],
)
def test_born_and_a_later_event(judge: Judge, body: str, found: bool) -> None:
    assert (reasons(judge, body) == ["date of birth"]) is found


def test_an_organisation_asking_to_follow_its_place_is_not_personal(judge: Judge) -> None:
    body = "Hi Year 6, follow our museum on instagram @rataemuseum for competitions!"
    assert details(judge, body, sender=MUSEUM, to=GROUP) == []
    assert details(judge, "message our manager Rick on WhatsApp: rick_r_77", sender=MUSEUM, to=GROUP) != []


@pytest.mark.parametrize(
    "body",
    [
        "my password is PinkHorse",
        "my log in is amelia.c and my password is Pink!Horse",
        "my password is kittens",
        "the password is banana lol dont tell",
    ],
)
def test_passwords_without_a_digit(judge: Judge, body: str) -> None:
    assert set(reasons(judge, body)) == {"password"}


@pytest.mark.parametrize(
    "body",
    [
        "my password is broken again",
        "your password is how you log in",
        "our log in was slow today",
        "my password is changing tomorrow",
        "my login is working now",
        "my password is a secret lol i aint telling u",
    ],
)
def test_words_after_password_that_are_not_one(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


@pytest.mark.parametrize(
    "body",
    [
        "im at level 40 in the park game",
        "we're at 3 points and they're at 2 at half time",
        "we got 3 at the green and 2 by the bank",
        "come to mine after school? my mum said yes",
    ],
)
def test_numbers_before_a_preposition_are_not_house_numbers(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


def test_a_phone_number_after_a_comma_in_a_list_is_found(judge: Judge) -> None:
    # a CSV row or a list written without spaces: the comma is punctuation, not a thousands separator
    assert "phone number" in reasons(judge, "name,number\nme,07700 900461\nmum,07700 900462")
    assert "phone number" in reasons(judge, "ring me,07700900461")


@pytest.mark.parametrize("body", [
    "the population of Leicester is 1,368,500,000 if you count wrong lol",
    "we raised £1,250,000,000 in monopoly money",
    "the answer was 12,345,678,901",
])
def test_numbers_with_thousands_separators_are_not_phone_numbers(judge: Judge, body: str) -> None:
    assert "phone number" not in reasons(judge, body)


@pytest.mark.parametrize(("body", "evidence"), [
    ("can u log in as me and finish my TT rockstars?\nusername zain.hussain\npassword Tiger2014!\ndont mess up my score", "Tiger2014!"),
    ("my login:\nuser: poppyT\npw Sparkle99", "Sparkle99"),
    ("here u go\npassword 8812", "8812"),
])
def test_a_password_on_a_line_of_login_details_is_found(judge: Judge, body: str, evidence: str) -> None:
    found = [f for f in details(judge, body) if f.reason == "password"]
    assert found and evidence in found[0].evidence


@pytest.mark.parametrize("body", [
    "Password reset\nI forgot mine again, can you ask Mr Okafor",
    "Login ICT suite at 2pm",
    "password strength\nwe learned about it in computing",
    "pin badges for the fair",
])
def test_headings_with_login_words_are_not_passwords(judge: Judge, body: str) -> None:
    assert "password" not in reasons(judge, body)


@pytest.mark.parametrize("body", [
    "Hello Explorers!\n\nThis month we dive under the Antarctic ice with emperor penguins.\n\n"
    "Read it online: https://young-explorer-mag.example/issue/march-2025\n\nThe Young Explorer, 10 Press Street, London EC1A 1AA",
    "Hello Explorers! This month: penguins.\nThe Young Explorer, 10 Press Street, London EC1A 1AA · Unsubscribe · Privacy policy",
])
def test_an_organisations_address_closing_its_newsletter_is_not_personal(judge: Judge, body: str) -> None:
    assert not details(judge, body, sender="news@young-explorer-mag.example", to=GROUP)


@pytest.mark.parametrize("body", [
    "Hi Amelia, thanks for your entry.\nPlease send the form back.\nMy home address is 14 Oak Road, Leicester LE4 5NS",
    "Hi Amelia, we found your old address: 14 Oak Road, Leicester LE4 5NS, is that where you live now?\n"
    "We will post it there.\nThanks\nJo\nPrize team\nPrizes Ltd",
])
def test_a_home_address_from_an_organisation_is_still_personal(judge: Judge, body: str) -> None:
    assert "home address" in [f.reason for f in details(judge, body, sender="prizes@prizes-ltd.example", to=PUPIL)]


def test_an_organisations_address_closing_a_forwarded_message_is_not_personal(judge: Judge) -> None:
    body = ("Dear Oak Class,\n\nMy publisher passed on your lovely letters - thank you!\n\nBest wishes,\nSophie\n\n"
            "---------- Forwarded message ---------\nFrom: Children's Books Team <kids@beacon-books.example>\n"
            "Subject: Letters\n\nHi Sophie, a class in Leicester wrote to you.\n\n"
            "Beacon Books, 40 Wharf Road, London N1 7GR\n")
    assert not details(judge, body, sender="sophie@sophiemarlow.example", to=GROUP)
    # a person's address closing a forwarded message is still a home address
    home = body.replace("Beacon Books, 40 Wharf Road, London N1 7GR", "Tayo Smith, 14 Oak Road, Leicester LE4 5NS")
    assert "home address" in reasons(judge, home, sender="sophie@sophiemarlow.example", to=GROUP)


@pytest.mark.parametrize(("body", "personal"), [
    ("Today is my dog Biscuit's birthday, he is 3!! He was born on 11/03/2022 and we got him at 8 weeks.", False),
    ("our cat Mittens was born on 4th May 2020", False),
    ("my dog is called Max and I was born on 4th May 2015", True),
    ("my puppy is so cute. my baby sister was born on 2 June 2023", True),
])
def test_a_pets_birthday_is_not_a_date_of_birth(judge: Judge, body: str, personal: bool) -> None:
    assert ("date of birth" in reasons(judge, body)) is personal


@pytest.mark.parametrize(("body", "found"), [
    ("u can play on my ipad at wet play, the code to unlock it is 4 8 2 9. dont tell freddie", True),
    ("the pin to get into my tablet is 4829", True),
    ("the code to open the classroom door is on the board", False),
    ("the code to unlock the next level is in the game guide", False),
    ("i found out my mums ipad pin its 2580 its just the middle line", True),
    ("whats your dads phone code? mine is easy, my dads phone code its 1379", True),
    ("my password its really strong now, mr okafor showed us how", False),
    ("the pin its on the back of the card, ask the office", False),
])
def test_a_code_to_unlock_a_device_is_a_pin(judge: Judge, body: str, found: bool) -> None:
    assert ("password" in reasons(judge, body)) is found


def test_an_organisations_details_in_a_forwarded_mailing_are_not_personal(judge: Judge) -> None:
    body = ("Mr Okafor this is the thing I was talking about, can we go on a class trip?\n\n"
            "---------- Forwarded message ---------\nFrom: National Space Centre <news@spacecentre-leics.example>\n"
            "Subject: Half-term fun\n\nSPACE SCHOOL - 26-30 May, 10am-3pm daily. Ages 7-11.\n\n"
            "Tickets: £12 child. Book online or call 0116 261 0261.\n\n"
            "National Space Centre, Exploration Drive, Leicester, LE4 5NS\nRegistered charity no. 1069808\n")
    assert not details(judge, body, sender="zain.hussain@rbps.example", to=TEACHER)
    # a mobile number in the same place is still a person's
    mobile = body.replace("0116 261 0261", "07700 900461")
    assert "phone number" in reasons(judge, mobile, sender="zain.hussain@rbps.example", to=TEACHER)


# -- numbers written in words -------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("my number is oh seven seven double oh, nine double oh one two three. text me!", "phone number"),
        ("ring me on zero seven seven zero zero nine zero zero four five six after tea", "phone number"),
        ("my nans number is oh one one six four nine six oh nine nine nine", "phone number"),
        ("call me 0 seven 7 0 0 nine 0 0 1 2 3", "phone number"),
        # letters for digits, and digit words run into the figures, to get past a filter
        ("my mobile is O77OO 9OO 461", "phone number"),
        ("text me on 0770O 900 461 after school", "phone number"),
        ("my number is 07seven00 900 461", "phone number"),
        ("ring me 077OO9OO461", "phone number"),
        ("I was born on the third of June twenty fourteen", "date of birth"),
        ("my birthday is the twenty-first of March two thousand and fifteen", "date of birth"),
        ("born on the 3rd of June twenty fourteen in Leicester", "date of birth"),
        ("my birthday is June the fifth, twenty fifteen", "date of birth"),
    ],
)
def test_phone_numbers_and_dates_of_birth_written_in_words(judge: Judge, body: str, reason: str) -> None:
    assert reasons(judge, body) == [reason]


@pytest.mark.parametrize(
    "body",
    [
        "we counted from zero one two three four five six seven eight nine to ten in French",
        "the code breaker answer is one two three four five six seven eight nine one two",
        "my birthday is on the third of June, come to my party",
        "Henry VIII was born on the twenty-eighth of June fourteen ninety-one",
        "my birthday party is on the first of May twenty twenty five",
        "oh no, seven people were late and two were off sick",
        "in 2o24 I was 9 and now I am 10, room 101 is l0l",
        "we scored 07 and 1 and 0l in the quiz, 9o out of 100 overall",
        "the Year 6 team won 3-1, 2-0 and 4-2 at the tournament on 10 June",
        "King Charles was born on the fourteenth of November nineteen forty-eight",
    ],
)
def test_number_words_that_are_not_personal_details(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


# -- details a link dials, homes described, public places in projects -------------------


def test_a_number_only_in_a_tel_link_is_found(judge: Judge) -> None:
    html = '<p>Tap <a href="tel:+447700900634">HERE</a> to ring me tonight</p>'
    assert reasons(judge, "Tap HERE to ring me tonight", html=html) == ["phone number"]
    sms = '<p><a href="sms:07700%20900123?body=hi">text me</a></p>'
    assert reasons(judge, "text me", html=sms) == ["phone number"]
    # an ordinary web link is not read out
    assert details(judge, "our class blog", html='<p><a href="https://example.org/07700900634">our class blog</a></p>') == []


@pytest.mark.parametrize(
    "body",
    [
        "my house is the one on Gwendolen Road with the blue door, number 58, come and see the snowman",
        "our house is on Mere Close, number 12",
    ],
)
def test_a_home_described_by_its_street_and_then_its_number(judge: Judge, body: str) -> None:
    assert reasons(judge, body) == ["home address"]


@pytest.mark.parametrize(
    "body",
    [
        "Our group project\n\nStars Discovery Centre\nExploration Way, Leicester, LE4 5XS\n"
        "Opening hours: 10:00-17:00\nPhone: 0116 496 0555\nTickets: child £14.50",
        "Famous postcodes:\nEdinburgh Castle, Edinburgh - EH1 2NG\nCardiff Castle, Castle Street, Cardiff CF10 3RB",
        "BOOK CLUB QUIZ - who lives here?\n221B Baker Street, London NW1 6XE\n4 Privet Drive, Little Whinging",
        "Did you do the digit cards? Ours were\n\n0 7 7 0 0 9 0 0 3 1 2\n\nBiggest number you can make: 97,732,100,000",
    ],
)
def test_public_places_famous_addresses_and_digit_cards_are_not_personal(judge: Judge, body: str) -> None:
    assert details(judge, body) == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        # a home line under a heading is still a home, and a mobile is never a place's
        ("Amelia Clarke\n12 Abbey Park Road\nLE4 5XS", "home address"),
        ("Stars Discovery Centre trip\nmy mum's mobile is 07700 900555 if we get lost", "phone number"),
        ("my number is 0 7 7 0 0 9 0 0 3 1 2, the biggest number ever lol", "phone number"),
    ],
)
def test_homes_and_mobiles_beside_those_look_alikes_are_still_found(judge: Judge, body: str, reason: str) -> None:
    assert reason in reasons(judge, body)


def test_a_foreign_pen_pals_mobile_is_personal_but_an_organisations_number_is_not(judge: Judge) -> None:
    school = "contact@ecole-lyon.example"
    assert "phone number" in reasons(judge, "Voici mon portable: +33 6 12 45 78 90, écris-moi sur WhatsApp!",
                                     sender=school, to="year6@rbps.example")
    assert details(judge, "Call our office on +33 4 72 10 30 30 to book.", sender=school, to="year6@rbps.example") == []


def test_an_animals_birthday_and_a_recipients_own_office_number(judge: Judge) -> None:
    assert details(judge, "Our red panda Ruby was born on 12 June 2019!") == []
    body = "Dear zoo, Mrs Hughes rang your education office on 01509 960 210 about our trip."
    assert details(judge, body, sender=GROUP, to="bookings@twycross-zoo.example") == []


@pytest.mark.parametrize(("body", "found"), [
    ("do you play fortnite? add me my name is JagoSurfs_10 and we can squad up after school", True),
    ("i play roblox every day, my username is on there is... my name is Poppy_Plays11 add me", True),
    ("hi my name is Jago and i love surfing. we won 31-5 at rugby!", False),
    ("my name is Amelia and i play fortnite with my brother", False),
])
def test_a_handle_given_as_my_name_beside_an_invitation(judge: Judge, body: str, found: bool) -> None:
    assert ("social media handle" in reasons(judge, body)) is found


def test_an_organisations_signature_split_by_blank_lines_is_its_own(judge: Judge) -> None:
    html = ("<p>Dear Oak Class,</p><p>We are looking forward to your visit next week!</p>"
            "<p>See you soon,<br>The Learning Team</p><p>Home Front Museum<br>12 Market Street, Loughborough, LE11 3HW</p>"
            "<p>learning@homefrontmuseum.example</p>")
    assert not details(judge, "Dear Oak Class, we are looking forward to your visit.", html=html, sender=MUSEUM, to=GROUP)


def test_a_pupils_letter_above_a_pen_pal_schools_signature_stays_personal(judge: Judge) -> None:
    body = ("Dear Oak Class,\n\nMore letters for you!\n\n"
            "Hi Amelia its Tamsin\n\nmy number is 07700 900123\n\ntext me\n\n"
            "Mrs Pascoe\n\nAsh Class, Penhallow Primary School")
    assert "phone number" in reasons(judge, body, sender="ashclass@penhallow-primary.example", to=GROUP)


@pytest.mark.parametrize(("body", "found"), [
    ("do you play roblox? add me its IslaStarz_14 and we can play adopt me after school", True),
    ("my name is Isla and i like roblox and art", False),
    ("can you add me to the group for the science project", False),
])
def test_add_me_followed_by_a_handle(judge: Judge, body: str, found: bool) -> None:
    assert ("social media handle" in reasons(judge, body)) is found


def test_a_birthday_list_of_names_and_full_dates(judge: Judge) -> None:
    body = ("Mrs Wright said we can make a birthday calendar so ive started a list.\n\n"
            "Freddie Jones - 12/09/2015\nLeo Fernandes - 03.01.2016\nPoppy Taylor - 27 May 2015\n")
    assert "date of birth" in reasons(judge, body, to=GROUP)
    fixtures = "Our birthday treat is on Friday!\n\nLeicester City - 12/09/2015\nOld results from the cup archive."
    assert "date of birth" not in reasons(judge, fixtures.replace("2015", "1995"), to=GROUP)


def test_an_organisations_footer_line_with_separators(judge: Judge) -> None:
    html = ("<p>Hello Year 6! You're signed up for the Tag Rugby Festival on Wednesday 26 March.</p>"
            "<p>Please arrive at the West Gate by 9:30.</p><p>Good luck!</p>"
            "<p>Leicester Schools Sport Partnership &middot; Unit 3, Meridian Business Park, Leicester LE19 1WX &middot; "
            "0116 496 0345<br>You are receiving this because your school booked a place at this event.</p>")
    assert not details(judge, "see html", html=html, sender="events@lssp.example", to=GROUP)


@pytest.mark.parametrize(("body", "reason"), [
    # the email's line wrapping falls inside the address
    ("my mum says I can get the bus on my own because it stops right outside our house, we're number 31\n"
     "Halifax Drive, so I don't even have to cross the road.", "home address"),
    ("Tell your mum to email my mum, her email is sonia dot fernandes at homemail dot com", "personal email address"),
    ("her address is jo.bloggs (at) yahoo (dot) co (dot) uk", "personal email address"),
    ("i changed my fortnite name!! its Z41N_xGOATx now. add me tonight", "social media handle"),
    ("my roblox name is now Pixel_Pup_22 if you want to play", "social media handle"),
])
def test_details_round_s(judge: Judge, body: str, reason: str) -> None:
    assert reason in reasons(judge, body)


@pytest.mark.parametrize("body", [
    "we did dot to dot at 3 and then I got 12\nHomework sheets from the office.",
    "the bus stops at the park and we looked at mail dot com in computing",
    "my fortnite name is so funny, I'll tell you tomorrow",
    "my middle name is Rose and my roblox avatar has a crown",
    "page 31\nGreen Park is in the story we read",
])
def test_look_alikes_round_s(judge: Judge, body: str) -> None:
    assert not details(judge, body)
