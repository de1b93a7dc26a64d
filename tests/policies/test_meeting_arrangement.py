"""meeting-arrangement: arranging to meet in person, and the school-day, story and permission traps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from policies._phrases import Doc
from policies.meeting_arrangement import classify
from policies.types import Action
from policies.verdict import Verdict

PUPIL = "oliver.nowak@rbps.example"
FRIEND = "zain.hussain@rbps.example"
TEACHER = "j.okafor@rbps.example"
CLASS = "year6@rbps.example"
STRANGER = "gamer_dude@freemail.example"


def arranges(text: str, *, pupil_sender: bool = True) -> bool:
    return classify(Doc.build([("body", text)]), pupil_sender=pupil_sender) is not None


def meeting(v: Verdict) -> list[str]:
    return [f.evidence for f in v.findings if f.policy == "meeting-arrangement"]


@pytest.mark.parametrize("text", [
    "meet me at the park at 4",
    "Meet me outside the chippy after school, don't be late!",
    "can you come to my house on Saturday?",
    "Come round to mine after school, we can play on the trampoline.",
    "come over to my house tomorrow",
    "where do you live? I could pick you up on Sunday",
    "I'll wait for you outside the school gates at home time.",
    "let's meet at the shops on Saturday",
    "lets meet up tomorrow by the big slide",
    "We should meet up in person some time.",
    "wanna meet irl? we could go to the skate park",
    "Can we meet at the bus stop at 11?",
    "see you at the park at 3 then!!",
    "I could meet you at the bus station on Saturday, my mum won't know.",
    "I'll pick you up after school in my car, just come straight out to me.",
    "Sleepover at mine on Friday!! Bring your sleeping bag.",
    "You're invited to my party! Where: my house, Saturday 2pm.",
    "Do you want to come round to my nan's after school?",
    "ill be waiting outside the shop at 5, dont tell your mum",
    "Meet me behind the shops at 6, dont tell your mum.",
    "my mum's at work so come over to my house, she won't find out",
    "shall we meet at maccies on saturday?",
    "can i come round to yours tomorrow after school?",
    "wanna meet up at the rec later?",
    "Shall we go to the park together on Saturday?",
    "Can you come to the park with me? Like at 4?",
    "we could hang out sometime after school",
    "Meet me by the school gates after school, we can go to the shop.",
    "Meet me outside the school at 4 and we'll go to town.",
    "ill come to your house on saturday at 2",
])
def test_arranging_to_meet_fires(text: str) -> None:
    assert arranges(text)


@pytest.mark.parametrize("text", [
    "I met my target in maths!!!",
    "We will meet the author of The Clockwork Fox in assembly next week.",
    "It was nice to meet you at the museum yesterday.",
    "The Eco Council meeting is on Tuesday lunchtime in the library.",
    "Bring a felt tip to the library at lunch tomorrow to sign the card.",
    "For the class party after the last show I'm bringing cocktail sausages.",
    "Meet me in the library at lunchtime to finish the poster.",
    "Let's meet in class before registration to practise our lines.",
    "meet me on Fortnite at 7, I'll send you an invite",
    "In the story, the wolf says 'meet me in the woods at midnight'.",
    "Henry VIII met Francis I at the Field of the Cloth of Gold in 1520.",
    "I go to my nan's every Tuesday after school now.",
    "My mum says you can come to my house on Saturday, she will ring your mum.",
    "Ask your mum if you can come round to mine on Sunday.",
    "I live near the park now, it's great.",
    "We went to the park on Saturday and fed the ducks.",
    "Did you meet your new teacher yet?",
    "I'm looking forward to meeting you all on the school trip.",
    "Please come to our class assembly on Friday at 2:30!",
    "Can you come to the cinema with me and my mum on Saturday? My mum said she will ring your mum.",
    "Meet me at the front of the line after lunch.",
    "Let's meet at the gates at 8:45 before school, my mum will walk us in.",
    "Can we meet up at the school disco?",
    "We could meet the Mayor when he visits the school next week!",
    "My family is going to meet my cousins at the beach.",
    "See you at school tomorrow!",
    "I'll be at the park on Saturday with my dad if you're there.",
    "Shall we go to the library at lunch to finish the poster?",
    "We could hang out at break tomorrow.",
    "Do you want to go to the park with my mum and me on Sunday? She said it's fine.",
    "We would love to meet you! Could you visit our school one day?",
    "Meet me in the office at break.",
    "Thank you for meeting us at the museum last week, it was the best trip ever.",
    "I'll come to your party on Saturday, my mum said yes!",
])
def test_traps_do_not_fire(text: str) -> None:
    assert not arranges(text)


@pytest.mark.parametrize("text", [
    "Meet us at the main entrance at 10am when you arrive for your visit.",
    "Training is at the leisure centre on Saturday at 10, see you there!",
    "Please meet your guide by the fountain at 10:15 for the workshop.",
    "Never agree to meet someone you have only met online. If someone asks to meet you, tell a grown-up.",
])
def test_organisations_arranging_a_school_visit_do_not_fire(text: str) -> None:
    assert not arranges(text, pupil_sender=False)


def test_adult_cannot_excuse_a_meeting_by_mentioning_a_parent() -> None:
    text = "Your mum said it's fine, I'll pick you up after school."
    assert arranges(text, pupil_sender=False)
    # between pupils, a parent arranging it is the permission the policy asks for
    assert not arranges("My dad will pick you up after school, your mum said it's fine.")


def test_permission_does_not_count_when_it_is_hidden_from_adults() -> None:
    assert arranges("Ask your mum if you can come round to mine. Actually don't tell her, she won't know.")


def test_hiding_it_from_adults_alone_is_not_a_meeting() -> None:
    assert not arranges("Eat the last biscuit, my mum won't know.")


def test_invitation_without_a_home_venue_is_not_a_meeting() -> None:
    assert not arranges("You are invited to our class party in the hall on Friday!")


@pytest.mark.parametrize("text", [
    # an invitation to a home, with or without a time
    "come for a sleepover on friday",
    "hiya do u wanna come for a sleepova on sat",
    "u can come for dinner at my house tomorrow",
    "do you wanna stay the night at mine on friday",
    "cum round mine 2moro after skool",
    "pls come round mine after skool",
    "come over tmrw and we can play on my ps5 at my house",
    # a place outside school with a time or "with me"
    "come to the skate park with me at 5",
    "can u come to the shops with me after school",
    "come to the woods with me tonight",
    "shall we go to the shops 2moro",
    "hang out at the park later?",
    "lets hang out at the rec after school",
    "can u play out 2moro",
    # someone other than a parent takes them there
    "my brother can drive us to the cinema",
    "my big sister will take us to maccies after school",
    "my cousin can give us a lift to the cinema on sat",
    "i can give you a lift to town on sunday",
    # a negation that does not govern the invitation
    "why dont you come round to mine on saturday",
    "cant wait to meet you at the park on saturday",
    "dont forget to come to mine after school",
    "dont tell ur mum but come round mine later",
    "hey cum for a sleep over fri",
    "wud u come to the rec with me l8r",
    "my mate can drive u home after the match",
    "plz can u come for a bbq at mine on sunday",
    "oi play out tonight",
    "do u wanna link up at the shops after skool",
])
def test_fresh_invitations_fire(text: str) -> None:
    assert arranges(text)


@pytest.mark.parametrize("text", [
    # negated or forbidden invitations, with or without apostrophes
    "dont come to my party on saturday",
    "don't meet me at the park",
    "you can't come round to mine",
    "u cant come to my house on saturday my mum said no",
    "i wont meet you at the shops",
    "never come to my house again",
    "you're not allowed to come round to mine",
    "dont come over to my house tomorrow",
    "we cant hang out at the shops on saturday",
    "i dont want to hang out at the shops later",
    "no i cant come round urs on saturday soz",
    "i wont be able to come to the park tomorrow",
    "i cant come for tea on friday sorry",
    "dont go to the park on your own after school",
    # someone else is coming, or it already happened
    "my cousins are coming for a sleepover on friday",
    "my nan is coming round tomorrow",
    "i had a sleepover at my nans on friday",
    "i went to a sleepover at my nans on friday",
    "my brother drove us to the cinema last week",
    "we played at the park on sunday",
    # a parent arranges it (between pupils)
    "ask ur mum if u can come for a sleepover on friday",
    "my mum will pick you up for the sleepover on friday",
    "my mum can drive us to the cinema on saturday",
    "ask your dad if he can take us to the park at the weekend",
    # inside school, online, a story
    "do you want to play in the playground at lunch",
    "meet me on roblox at 6",
    "in the story the fox says come to my house for tea",
    "please come for the school play on thursday",
    "can you come for tea at the school fair",
    "in the book the giant says come for tea",
    "i used to play out at the rec",
    "we play out every day",
    "chill at the park is my fave thing",
    "the bus can take us to the station for the trip",
    "my mam said she can take us to the park on saturday",
])
def test_fresh_non_invitations_do_not_fire(text: str) -> None:
    assert not arranges(text)


@pytest.mark.parametrize("text", [
    "The coach will take you to the car park after the workshop.",
    "Our staff will take you to the cafe for lunch during your visit.",
    "Play at the park with a grown-up and stay safe this summer!",
])
def test_organisations_taking_a_class_somewhere_do_not_fire(text: str) -> None:
    assert not arranges(text, pupil_sender=False)


def test_a_parent_driving_does_not_excuse_an_outsider() -> None:
    assert arranges("my dad can drive us to the cinema on saturday", pupil_sender=False)


# -- through the engine -------------------------------------------------------------------------------

def test_pupil_to_pupil_is_quarantined(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=FRIEND, subject="saturday", body="meet me at the skate park on saturday at 2")
    assert v.action is Action.QUARANTINE
    assert meeting(v) == ["meet me at the skate park on saturday at 2"]


def test_outsider_to_pupil_is_in_scope(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=STRANGER, to=FRIEND, body="we should meet up at the leisure centre on sunday, what time can u come?")
    assert meeting(v)


def test_outsider_to_class_address_is_in_scope(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=STRANGER, to=CLASS, body="Where do you live? I can pick you up and take you to the studio.")
    assert meeting(v)


def test_teacher_to_class_is_out_of_scope(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=TEACHER, to=CLASS, body="Meet me at the coach at 9:15 on Friday for the trip.")
    assert not meeting(v)


def test_subject_counts(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=FRIEND, subject="come round to mine after school?", body="reply quick")
    assert any(f.policy == "meeting-arrangement" and f.where == "subject" for f in v.findings)


def test_school_meeting_is_delivered(judge: Callable[..., Verdict]) -> None:
    body = "The next Eco Council meeting is on Tuesday lunchtime in the library. Meet me in the hall at break to set up."
    v = judge(sender=PUPIL, to="eco-council@rbps.example", body=body)
    assert v.action is Action.DELIVER, v.to_json()


@pytest.mark.parametrize("text", ["meet " * 200000, "at the park at 4 " * 50000, "come round " * 100000],
                         ids=["meet", "park", "come"])
def test_hostile_texts_are_classified_in_linear_time(text: str) -> None:
    import time

    start = time.process_time()
    arranges(text, pupil_sender=False)
    assert time.process_time() - start < 3.0


# -- times and places in text-speak, places by the school, game worlds, a parent's arranging ---------------

@pytest.mark.parametrize("text", [
    "c u at the rec sun",
    "cya outside the chippy",
    "be at the skate park 6ish",
    "meet at the corner shop after school",
    "rec at 5?",
    "my house at 4 on friday ok?",
    "are you coming to the park tonight",
    "r u going to the shops? im there at 5",
    "cant wait to see you in real life!!",
    "ok so fancy meeting up at the cinema on sunday",
])
def test_text_speak_times_and_places_fire(text: str) -> None:
    assert arranges(text)


@pytest.mark.parametrize("text", [
    "I'll be at the McDonalds near your school at 3:30, let's meet up",
    "i can come and get you from the end of your road tomorrow",
    "text me when you finish and I'll come and find you",
])
def test_an_outsider_offering_to_meet_or_collect_fires(text: str) -> None:
    assert arranges(text, pupil_sender=False)


@pytest.mark.parametrize("text", [
    "meet me at the nether portal in our world after dinner",
    "meet at spawn at 6 and bring diamonds",
    "Mum says you can come for tea on Friday, she'll ring your mum",
    "Meet at the station at 8.30 for the trip, Miss Wright says bring a packed lunch",
    "the park at 4? no sorry im not allowed out",
    "cinema on saturday was amazing",
    "c u in class tmrw",
    "are you going to the park with your mum on sunday?",
    "ill be at my nans on saturday so i cant play roblox",
    "how about meeting in the library at lunch to practise",
])
def test_game_worlds_parents_trips_and_refusals_do_not_fire(text: str) -> None:
    assert not arranges(text)


def test_the_school_coach_collecting_a_class_does_not_fire() -> None:
    assert not arranges("The coach will come and get you from school at 9 and bring you back at 3.", pupil_sender=False)


@pytest.mark.parametrize("text", [
    "fancy coming to the shops with me on saturday? dont tell your mum",
    "u fancy walking to the rec after school",
])
def test_fancy_invitations_fire(text: str) -> None:
    assert arranges(text)


def test_telling_a_friend_not_to_tell_their_mum_alone_is_not_a_meeting() -> None:
    assert not arranges("dont tell your mum but i broke the vase")


@pytest.mark.parametrize("text", [
    "See you at the library club.",
    "see you at chess club on tuesday",
    "see you at swimming lessons on saturday",
    "see u at beavers",
    "cant wait for rehearsals, see you at drama practice",
])
def test_seeing_a_friend_at_a_club_or_lesson_run_by_adults_is_not_a_meeting(text: str) -> None:
    assert not arranges(text)


@pytest.mark.parametrize("text", [
    "meet me at the park after brownies",
    "after training come to my house, my mum wont be in",
])
def test_a_club_does_not_excuse_meeting_somewhere_else_afterwards(text: str) -> None:
    assert arranges(text)


def test_an_outsider_meeting_a_child_after_their_lesson_is_still_a_meeting() -> None:
    assert arranges("meet me after swimming lessons, ill be in the blue car", pupil_sender=False)


def test_a_voice_in_a_pupils_ghost_story_arranges_nothing() -> None:
    story = ("The Haunted Cupboard by Poppy\n\nIt was a dark and stormy night. Lily heard a scratching sound.\n\n"
             'A cold voice hissed, "I\'m coming to get you..."\n\nIt was only her big brother.\n\nTHE END')
    assert not arranges(story)
    assert arranges("I'm coming to get you after school, wait by the gates")


def test_text_speak_without_to_still_arranges_a_meeting() -> None:
    assert arranges("wanna go rec at 4 2moro?? bring ur bike n we can do the ramps. i wont tell my mum were going there")
    assert not arranges("we go park every sunday with my nan")
    assert not arranges("are you going shops with your mum later")


@pytest.mark.parametrize(("text", "fires"), [
    # a time and a place, and told to come alone: a meeting, however it is dressed up
    ("To get your free trainers come to the Fosse Park shops on Sunday at 11. Come on your own, grown ups ruin it.", True),
    ("Be at the Abbey park gates on friday at 4pm. Don't bring your mum or dad.", True),
    # either alone is not
    ("Come on your own if you like, the workshop is in the school hall", False),
    ("The fair is at the Abbey park on friday at 4pm", False),
])
def test_a_time_and_place_with_come_alone_is_a_meeting(text: str, fires: bool) -> None:
    assert arranges(text, pupil_sender=False) is fires


@pytest.mark.parametrize(("text", "fires", "pupil_sender"), [
    ("c u @ the rec 2moro @ 4??", True, True),
    ("Come to Victoria Park on Saturday at 3. You don't need to bring your parents.", True, False),
    ("dont even think about coming to my party on saturday", False, True),
])
def test_text_speak_at_signs_unneeded_parents_and_uninvitations(text: str, fires: bool, pupil_sender: bool) -> None:
    assert arranges(text, pupil_sender=pupil_sender) is fires


@pytest.mark.parametrize(("text", "found"), [
    ("mum said i can have a party!!! its next saturday from 2 till 5 at my house. can you all come?", True),
    ("party at my house on sunday at 3, could you both come?", True),
    ("can you all come to our class assembly on friday at 9? mr okafor says parents are welcome", False),
    ("the assembly is at 9 in the hall, can you all come and sit at the front", False),
])
def test_an_invitation_to_several_friends(text: str, found: bool) -> None:
    assert arranges(text) is found


@pytest.mark.parametrize(("text", "found"), [
    # the writer's own "my mum said yes" is only the child's word
    ("come round to mine on saturday at 2, my mum said yes", True),
    ("Mum says you can come to my house after school tomorrow", True),
    # a parent who takes part is the permission: ringing the other parent, driving, coming along
    ("come round to mine on saturday at 2, my mum will ring your mum", False),
    ("come to my house after school tomorrow, my dad will pick you up", False),
    ("your mum said you can come round to mine after school tomorrow", False),
])
def test_a_pupils_own_word_for_a_parents_yes_is_not_permission(text: str, found: bool) -> None:
    assert arranges(text) is found


@pytest.mark.parametrize(("text", "pupil_sender", "found"), [
    # a game console in the sentence does not make a bus station a game world
    ("he wants to meet me at the bus station on saturday at 11 and give me his old ps4 controller", True, True),
    ("meet me on fortnite at 7, bring your best skin", True, False),
    # a place's own name before "park"
    ("First session this Sunday at 10am at Victoria Park. No need to bring your mum or dad.", False, True),
    ("We played at Victoria Park on Sunday at 10am with my dad, it was fun", True, False),
])
def test_real_places_beside_game_words_and_named_parks(text: str, pupil_sender: bool, found: bool) -> None:
    assert arranges(text, pupil_sender=pupil_sender) is found


def test_an_organisation_that_cannot_wait_to_meet_a_class() -> None:
    assert not arranges("Thank you for your lovely email - we can't wait to meet you!", pupil_sender=False)
    assert arranges("cant wait to meet you at the park at 4", pupil_sender=True)


@pytest.mark.parametrize(("text", "pupil_sender", "found"), [
    ("Come to the club on Thursday at 5 and I'll drop you home afterwards so your mum doesn't have to come out.", False, True),
    ("after football club my mum can drive you home", True, False),
    ("The minibus will drop you back at school by 3pm.", False, False),
])
def test_a_lift_home(text: str, pupil_sender: bool, found: bool) -> None:
    assert arranges(text, pupil_sender=pupil_sender) is found


@pytest.mark.parametrize(("text", "found"), [
    ("meet me at the castle at 6 tonight!! the real one, not minecraft lol", True),
    ("meet me at the castle tomorrow after school", True),
    ("In history we learnt that the king told his knights to meet him at the castle before the battle.", False),
])
def test_a_castle_is_history_only_when_no_meeting_is_set(text: str, found: bool) -> None:
    assert arranges(text, pupil_sender=True) is found


@pytest.mark.parametrize(("text", "found"), [
    ("Can Nibbles come to mine at Easter? My mum will carry his cage home from school on the last day.", False),
    ("Please can I look after the class hamster in the holidays? he can come to mine, we have a big table", False),
    ("my hamster had babies!! come to mine after school to see them", True),
    ("come to mine on saturday, we can play with my rabbit", True),
])
def test_the_class_pet_going_home_for_the_holidays(text: str, found: bool) -> None:
    assert arranges(text, pupil_sender=True) is found


# -- blind set X: fetched from the door, and "no adults" ----------------------------------


@pytest.mark.parametrize("text", [
    "im the green house on Harrison Road. knock for me at 5 on thursday and we'll do all the houses",
    "can you call for me on the way to school tomorrow",
    "footy at the rec on sunday at 10!!! everyone from oak is coming. no adults lol",
])
def test_fetched_from_the_door_or_no_adults_fire(text: str) -> None:
    assert arranges(text)


@pytest.mark.parametrize("text", [
    "mum will call for me at 6 after brownies",
    "can u call for me pls im scared to ring the dentist",
    "dont knock for me tomorrow im ill",
    "there is no parents evening this term because of the trip",
    "no adults were hurt in the story, only the dragon",
])
def test_fetched_and_no_adults_look_alikes_do_not_fire(text: str) -> None:
    assert not arranges(text)
