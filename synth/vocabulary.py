"""The words invented names are made of, and the makers of those names: places, countries, people, ids, days."""

from __future__ import annotations

import datetime as dt
import random
import re

ONSETS: tuple[str, ...] = ("Al", "Bar", "Cor", "Dar", "Esk", "Fal", "Gor", "Hal", "Ist", "Jor", "Kel", "Lor")
ONSETS += ("Mer", "Nev", "Orm", "Pel", "Quar", "Ros", "Sel", "Tav", "Ul", "Var", "Wen", "Yor", "Zan")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ei")
PLACE_ENDINGS = ("bad", "dor", "gan", "lan", "mir", "nor", "pur", "rin", "tov", "vik", "zar", "esh", "ul", "ova")
COUNTRY_ENDINGS = ("ria", "nia", "land", "stan", "dova", "thia")
SURNAME_ENDINGS = ("ri", "vel", "dane", "mont", "ski", "lin", "sson", "ez")
GIVEN_NAMES: tuple[str, ...] = ("Arin", "Bexa", "Corvin", "Dalis", "Elna", "Feyra", "Galen", "Hesper", "Ilvan")
GIVEN_NAMES += ("Jessa", "Kael", "Liora", "Mavel", "Nerys", "Oskan", "Perrin", "Quilla", "Riven", "Tamsin")
COLOURS = ("Crimson", "Ashen", "Silver", "Amber", "Cobalt", "Scarlet", "Obsidian", "Ivory", "Jade", "Copper")
EMBLEMS = ("Falcon", "Banner", "Lantern", "Oath", "Wolf", "Harvest", "Horizon", "Anvil", "Compass", "Spear")
UNITS = ("Brigade", "Front", "Movement", "Legion", "Battalion", "Guard")
NEWSPAPERS = ("Herald", "Courier", "Gazette", "Observer", "Dispatch", "Chronicle")
PARTIES = ("Popular Party", "Reform Council", "Civic Union", "Renewal Movement")
CIVILIANS = ("local residents", "displaced families", "market traders", "university students", "farmers")
USER_ASSIGNED_COUNTRY_CODES = tuple(f"Q{letter}" for letter in "MNOPQRSTUVWXYZ")
"""ISO 3166 keeps QM to QZ for private use, so no synthetic country is mistaken for a real one."""

MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July", "August")
MONTHS += ("September", "October", "November", "December")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six")
NOT_SLUG = re.compile(r"[^a-z0-9]+")


def place_name(rng: random.Random) -> str:
    return f"{rng.choice(ONSETS)}{rng.choice(VOWELS)}{rng.choice(PLACE_ENDINGS)}"


def country_name(rng: random.Random) -> str:
    return f"{rng.choice(ONSETS)}{rng.choice(VOWELS)}{rng.choice(COUNTRY_ENDINGS)}"


def surname(rng: random.Random) -> str:
    return f"{rng.choice(ONSETS)}{rng.choice(VOWELS)}{rng.choice(SURNAME_ENDINGS)}"


def day_text(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def slug(name: str) -> str:
    return NOT_SLUG.sub("-", name.lower()).strip("-")
