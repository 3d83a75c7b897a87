"""How many were killed and injured, read from one sentence of a report, in the
three languages reports come in. Each case is (sentence, (killed, injured)):
None is a count the sentence does not give, 0 one it gives as none."""

import pytest

from incidents.extraction.numbers import count_casualties
from incidents.extraction.sentences import normalise


def _counts(text: str) -> tuple[int | None, int | None]:
    casualties = count_casualties(normalise(text))
    return casualties.fatalities, casualties.injured


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eight people were injured in the attack, the mayor said.", (None, 8)),
        ("One person was killed and two were wounded.", (1, 2)),
        ("Twenty-three people were injured, officials said.", (None, 23)),
        ("A dozen residents were hurt by falling debris.", (None, 12)),
        ("The strike killed 14 people, including three children.", (14, None)),
        ("Two dozen people were injured overnight.", (None, 24)),
        ("У Києві вісім осіб отримали поранення.", (None, 8)),
        ("Внаслідок атаки загинула одна людина, двоє поранені.", (1, 2)),
        ("Двадцять три людини постраждали під час нічної атаки.", (None, 23)),
        ("Загинули троє людей, серед них дитина.", (3, None)),
        ("Травмовано п'ятеро мешканців будинку.", (None, 5)),
        ("Кількість постраждалих зросла до 12.", (None, 12)),
        ("Постраждали два десятки людей.", (None, 20)),
        ("Пострадали восемь человек, сообщил мэр.", (None, 8)),
        ("Погибли двое, еще трое ранены.", (2, 3)),
        ("В результате обстрела ранены двух человек.", (None, 2)),
        ("Двадцать три человека пострадали при атаке.", (None, 23)),
        ("Погиб один человек, ранены 15 жителей.", (1, 15)),
        ("Число погибших возросло до 7.", (7, None)),
    ],
)
def test_number_words_and_digits(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The same kind again, in addition: the figures add up.
        (
            "Two people were killed in the Darnytskyi district and another three "
            "in the Obolonskyi district.",
            (5, None),
        ),
        ("Four people were injured, and two more were hospitalised later.", (None, 6)),
        ("Загинули двоє людей, ще троє загинули в лікарні.", (5, None)),
        ("Ранены четыре человека, еще двое ранены в соседнем доме.", (None, 6)),
        # Another kind: "ще" only says the victims are other people.
        ("Загинула одна людина, ще троє поранені.", (1, 3)),
        ("One person died and another 3 were injured.", (1, 3)),
        # "Another" with no figure before it in the sentence: the least it says.
        ("Another three people were injured on Monday.", (None, 3)),
        # "As many": the figure before it.
        ("Three people were killed and as many injured.", (3, 3)),
        ("Загинули двоє людей, стільки ж поранені.", (2, 2)),
        ("Погибли пять человек, столько же получили ранения.", (5, 5)),
        ("As many as 12 people were injured.", (None, 12)),
    ],
)
def test_additions_and_as_many(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No casualties were reported.", (0, 0)),
        ("No one was injured in the attack.", (0, 0)),
        ("The drone hit a warehouse, no one injured.", (0, 0)),
        ("No one was killed, but several people were wounded.", (0, None)),
        ("Nobody was killed; two people were injured.", (0, 2)),
        ("За попередніми даними, постраждалих немає.", (0, 0)),
        ("Обійшлося без жертв.", (0, 0)),
        ("Обійшлося без жертв, однак двоє людей травмовані.", (0, 2)),
        ("Пострадавших нет.", (0, 0)),
        ("Обошлось без пострадавших.", (0, 0)),
        ("Жертв нет, есть раненые.", (0, None)),
        ("Погибших нет, ранены три человека.", (0, 3)),
        ("Люди не постраждали.", (0, 0)),
        # Unknown is not zero.
        ("Інформація про постраждалих уточнюється.", (None, None)),
        ("Dozens were injured.", (None, None)),
    ],
)
def test_zero_is_what_the_report_says(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Внаслідок атаки постраждало вісім районів столиці.", (None, None)),
        ("Five buildings were damaged and three cars burned.", (None, None)),
        ("25 drones were shot down over the city, and no one was hurt.", (0, 0)),
        ("На 9-му поверсі виникла пожежа, постраждали двоє людей.", (None, 2)),
        ("Пожежа на 9 поверсі: травмована жінка.", (None, 1)),
        ("Постраждали 3 приватні будинки.", (None, None)),
        ("Пострадали три многоэтажных дома.", (None, None)),
        ("Загинули 5 травня троє цивільних.", (3, None)),
        ("The attack lasted five hours; two people died.", (2, None)),
        ("At 23:50 one person was injured.", (None, 1)),
        ("Отражены атаки 12 беспилотников, погиб мужчина.", (1, None)),
    ],
)
def test_things_are_not_people(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three people lost their lives in the strike.", (3, None)),
        ("Two people are dead and 11 hurt.", (2, 11)),
        ("Загиблих — 4, поранених — 18.", (4, 18)),
        ("Погибших трое, пострадавших семеро.", (3, 7)),
        ("Травмировано 6 человек, в том числе двое детей.", (None, 6)),
        ("Поранено 9 людей, з них троє дітей.", (None, 9)),
        ("Among the injured are two children.", (None, 2)),
        ("A 45-year-old man was killed.", (1, None)),
        ("Загинув чоловік, поранено жінку.", (1, 1)),
        ("Постраждали, за попередніми даними, троє людей.", (None, 3)),
        ("Thousands of injured civilians are treated at the hospital.", (None, None)),
    ],
)
def test_killed_or_injured_and_children(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russia launched 598 drones and 31 missiles overnight, killing at least "
            "23 people, including four children.",
            (23, None),
        ),
        (
            "Ukraine's air force said it shot down 563 drones and 26 missiles, while "
            "48 people were injured.",
            (None, 48),
        ),
        (
            "At least two people were killed and more than 20 wounded in the Russian "
            "attack on Kyiv.",
            (2, 21),
        ),
        ("The death toll from the attack on Kyiv has risen to 23.", (23, None)),
        ("Two civilians were killed and five others were wounded.", (2, 5)),
        ("Nine people, including a child, were hurt.", (None, 9)),
        ("Remains of a drone fell on a car; the driver was injured.", (None, 1)),
        ("The attack killed a 12-year-old girl and wounded 9 people.", (1, 9)),
        ("One person was killed; two more people died in hospital.", (3, None)),
        # Not yet known is not none.
        ("There were no immediate reports of casualties.", (None, None)),
        (
            "Внаслідок атаки у Києві загинули 15 людей, серед них дитина, ще 116 "
            "людей поранено.",
            (15, 116),
        ),
        (
            "Минулої ночі ворог випустив по Києву 40 ракет і понад 500 дронів, "
            "постраждали 12 людей.",
            (None, 12),
        ),
        ("Кількість загиблих внаслідок атаки зросла до 23 людей.", (23, None)),
        (
            "Троє людей загинули у Дарницькому районі, ще одна — в Оболонському.",
            (4, None),
        ),
        (
            "Загиблих двоє, ще 14 людей поранені, з них п'ятеро госпіталізовані.",
            (2, 14),
        ),
        ("Відомо про одного загиблого та трьох поранених.", (1, 3)),
        ("Серед постраждалих — троє дітей.", (None, 3)),
        ("Обійшлося без жертв і постраждалих.", (0, 0)),
        ("Поранено сорок шість людей.", (None, 46)),
        (
            "В Донецке в результате обстрела погибли два человека, еще четверо "
            "получили ранения.",
            (2, 4),
        ),
        ("Один мирный житель погиб, ранения получили двое.", (1, 2)),
        ("Известно об одном погибшем и трех раненых.", (1, 3)),
        ("Ранены 3 человека, в том числе ребенок 2015 года рождения.", (None, 3)),
        ("В результате обстрела погибла женщина 1955 года рождения.", (1, None)),
        ("Пострадавших нет, повреждены окна в двух домах.", (0, 0)),
        ("Жертв нет.", (0, 0)),
    ],
)
def test_report_sentences(text, expected):
    assert _counts(text) == expected
