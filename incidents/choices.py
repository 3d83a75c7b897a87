"""Controlled vocabularies, following ACLED's codebook where it has a term."""

from django.db import models
from django.utils.translation import gettext, gettext_noop, override
from django.utils.translation import gettext_lazy as _


class TimePrecision(models.TextChoices):
    EXACT = "exact", _("Exact time")
    DAY = "day", _("Day")
    APPROXIMATE = "approximate", _("Approximate")


class EventType(models.TextChoices):
    EXPLOSIONS = "explosions_remote_violence", _("Explosions/Remote violence")
    BATTLES = "battles", _("Battles")
    VIOLENCE_AGAINST_CIVILIANS = (
        "violence_against_civilians",
        _("Violence against civilians"),
    )
    STRATEGIC = "strategic_developments", _("Strategic developments")


class SubEventType(models.TextChoices):
    AIR_DRONE_STRIKE = "air_drone_strike", _("Air/drone strike")
    SHELLING = (
        "shelling_artillery_missile_attack",
        _("Shelling/artillery/missile attack"),
    )
    REMOTE_EXPLOSIVE = (
        "remote_explosive_landmine_ied",
        _("Remote explosive/landmine/IED"),
    )
    GRENADE = "grenade", _("Grenade")
    SUICIDE_BOMB = "suicide_bomb", _("Suicide bomb")
    CHEMICAL_WEAPON = "chemical_weapon", _("Chemical weapon")
    ARMED_CLASH = "armed_clash", _("Armed clash")
    ATTACK = "attack", _("Attack")
    DISRUPTED_WEAPONS_USE = "disrupted_weapons_use", _("Disrupted weapons use")
    OTHER = "other", _("Other")


# Which sub-types belong to which type (ACLED codebook, 2023).
SUB_EVENT_TYPES_OF = {
    EventType.EXPLOSIONS: {
        SubEventType.AIR_DRONE_STRIKE,
        SubEventType.SHELLING,
        SubEventType.REMOTE_EXPLOSIVE,
        SubEventType.GRENADE,
        SubEventType.SUICIDE_BOMB,
        SubEventType.CHEMICAL_WEAPON,
    },
    EventType.BATTLES: {SubEventType.ARMED_CLASH},
    EventType.VIOLENCE_AGAINST_CIVILIANS: {SubEventType.ATTACK},
    EventType.STRATEGIC: {SubEventType.DISRUPTED_WEAPONS_USE, SubEventType.OTHER},
}


class GeoPrecision(models.TextChoices):
    EXACT = "exact", _("Exact point")
    STREET = "street", _("Street")
    PLACE = "place", _("Named place")
    DISTRICT = "district", _("District")
    CITY = "city", _("City")


class GeocodeStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    MANUAL = "manual", _("Set by hand")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def codebook_labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """{value: English label} as plain strings, whatever the UI's language.

    The labels above are lazy (translated when shown); exports speak ACLED's
    codebook, in English, and json.dumps cannot encode a lazy string.
    """
    with override("en"):
        return {choice.value: str(choice.label) for choice in choices}


def vocabulary_label(label: str) -> str:
    """A weapon's or tag's label (Vocabulary.label) in the UI's language.

    The rows keep the English labels below, as the migrations seeded them; they are
    msgids of the catalogue, translated when shown. A label an admin typed that the
    catalogue does not know is shown as typed.
    """
    return gettext(label) if label else label


def vocabulary_choices(rows) -> list[tuple[str, str]]:
    """WEAPONS or INFRASTRUCTURE_TAGS as form choices in the UI's language."""
    return [(slug, gettext(label)) for slug, label in rows]


# Labels marked with gettext_noop: plain English strings here (the seeding
# migrations store them as they are), found by makemessages and translated at display
# time by vocabulary_label().
WEAPONS = [
    ("ballistic_missile", gettext_noop("Ballistic missile")),
    ("cruise_missile", gettext_noop("Cruise missile")),
    ("missile", gettext_noop("Missile (type not reported)")),
    ("rocket", gettext_noop("Rocket")),
    ("guided_aerial_bomb", gettext_noop("Guided aerial bomb")),
    ("drone", gettext_noop("Drone (loitering munition)")),
    ("himars", gettext_noop("HIMARS / MLRS rocket")),
    ("mlrs", gettext_noop("Multiple rocket launcher")),
    ("artillery", gettext_noop("Artillery")),
    ("mortar", gettext_noop("Mortar")),
    ("air_defence_debris", gettext_noop("Air-defence debris")),
]

INFRASTRUCTURE_TAGS = [
    ("residential", gettext_noop("Residential")),
    ("medical", gettext_noop("Medical")),
    ("energy", gettext_noop("Energy / power outage")),
    ("heating", gettext_noop("Heating")),
    ("water", gettext_noop("Water")),
    ("rail", gettext_noop("Rail")),
    ("diplomatic", gettext_noop("Diplomatic")),
    ("education", gettext_noop("Education")),
    ("commercial", gettext_noop("Commercial")),
    ("industrial", gettext_noop("Industrial")),
    ("transport", gettext_noop("Transport")),
]


# How the map draws each event type: its colour, and the letter on cluster badges.
EVENT_TYPE_MARKS = {
    EventType.EXPLOSIONS: {"colour": "#c0392b", "short": "E"},
    EventType.BATTLES: {"colour": "#8e44ad", "short": "B"},
    EventType.VIOLENCE_AGAINST_CIVILIANS: {"colour": "#d35400", "short": "V"},
    EventType.STRATEGIC: {"colour": "#2c3e50", "short": "S"},
}
