"""Controlled vocabularies, following ACLED's codebook where it has a term."""

from django.db import models


class TimePrecision(models.TextChoices):
    EXACT = "exact", "Exact time"
    DAY = "day", "Day"
    APPROXIMATE = "approximate", "Approximate"


class EventType(models.TextChoices):
    EXPLOSIONS = "explosions_remote_violence", "Explosions/Remote violence"
    BATTLES = "battles", "Battles"
    VIOLENCE_AGAINST_CIVILIANS = (
        "violence_against_civilians",
        "Violence against civilians",
    )
    STRATEGIC = "strategic_developments", "Strategic developments"


class SubEventType(models.TextChoices):
    AIR_DRONE_STRIKE = "air_drone_strike", "Air/drone strike"
    SHELLING = "shelling_artillery_missile_attack", "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "remote_explosive_landmine_ied", "Remote explosive/landmine/IED"
    GRENADE = "grenade", "Grenade"
    SUICIDE_BOMB = "suicide_bomb", "Suicide bomb"
    CHEMICAL_WEAPON = "chemical_weapon", "Chemical weapon"
    ARMED_CLASH = "armed_clash", "Armed clash"
    ATTACK = "attack", "Attack"
    DISRUPTED_WEAPONS_USE = "disrupted_weapons_use", "Disrupted weapons use"
    OTHER = "other", "Other"


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
    EXACT = "exact", "Exact point"
    STREET = "street", "Street"
    PLACE = "place", "Named place"
    DISTRICT = "district", "District"
    CITY = "city", "City"


class GeocodeStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    MANUAL = "manual", "Set by hand"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


WEAPONS = [
    ("ballistic_missile", "Ballistic missile"),
    ("cruise_missile", "Cruise missile"),
    ("missile", "Missile (type not reported)"),
    ("rocket", "Rocket"),
    ("guided_aerial_bomb", "Guided aerial bomb"),
    ("drone", "Drone (loitering munition)"),
    ("himars", "HIMARS / MLRS rocket"),
    ("mlrs", "Multiple rocket launcher"),
    ("artillery", "Artillery"),
    ("mortar", "Mortar"),
    ("air_defence_debris", "Air-defence debris"),
]

INFRASTRUCTURE_TAGS = [
    ("residential", "Residential"),
    ("medical", "Medical"),
    ("energy", "Energy / power outage"),
    ("heating", "Heating"),
    ("water", "Water"),
    ("rail", "Rail"),
    ("diplomatic", "Diplomatic"),
    ("education", "Education"),
    ("commercial", "Commercial"),
    ("industrial", "Industrial"),
    ("transport", "Transport"),
]


# How the map draws each event type: its colour, and the letter on cluster badges.
EVENT_TYPE_MARKS = {
    EventType.EXPLOSIONS: {"colour": "#c0392b", "short": "E"},
    EventType.BATTLES: {"colour": "#8e44ad", "short": "B"},
    EventType.VIOLENCE_AGAINST_CIVILIANS: {"colour": "#d35400", "short": "V"},
    EventType.STRATEGIC: {"colour": "#2c3e50", "short": "S"},
}
