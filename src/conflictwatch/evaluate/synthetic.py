"""A generated news corpus for benchmarks: realistic wire-style articles, deterministic by seed.

Article i depends only on (seed, i), so the 100-document corpus is the first 100 of the
1,000-document one and timings at different sizes measure the same kind of text.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from conflictwatch.records import Article

# Seed of the default corpus; any fixed number works, this one is only kept stable so that
# numbers in docs/benchmarks.md from different commits are measured on the same texts.
DEFAULT_SEED = 2024

# Sentences per article: wire reports run 8-25 sentences; 8-20 gives ~170-400 words, about the
# length of the news pages in the shared data.
SENTENCES = (8, 20)

FIRST_DATE = date(2023, 1, 1)

# (town, region, country, demonym): real places of the kind conflict news names.
PLACES = (
    ("Kapan", "Syunik", "Armenia", "Armenian"),
    ("Ariha", "Idlib", "Syria", "Syrian"),
    ("Maiduguri", "Borno", "Nigeria", "Nigerian"),
    ("Bakhmut", "Donetsk", "Ukraine", "Ukrainian"),
    ("Goma", "North Kivu", "Democratic Republic of Congo", "Congolese"),
    ("Kandahar", "Kandahar", "Afghanistan", "Afghan"),
    ("Mopti", "Mopti", "Mali", "Malian"),
    ("Marawi", "Lanao del Sur", "Philippines", "Philippine"),
    ("Quetta", "Balochistan", "Pakistan", "Pakistani"),
    ("Khartoum", "Khartoum", "Sudan", "Sudanese"),
    ("Mogadishu", "Banaadir", "Somalia", "Somali"),
    ("Lahore", "Punjab", "Pakistan", "Pakistani"),
    ("Culiacan", "Sinaloa", "Mexico", "Mexican"),
    ("Nairobi", "Nairobi", "Kenya", "Kenyan"),
    ("Dhaka", "Dhaka", "Bangladesh", "Bangladeshi"),
    ("Mosul", "Nineveh", "Iraq", "Iraqi"),
)
ARMED_GROUPS = (
    "al-Shabaab", "Boko Haram", "the Taliban", "Islamic State fighters", "M23 rebels",
    "the Rapid Support Forces", "JNIM militants", "a local militia", "armed bandits",
)
NUMBERS = (
    "two", "three", "four", "five", "seven", "at least 12", "more than 20", "dozens of",
    "nine", "at least 30", "six", "eleven",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
OUTLETS = ("Reuters", "AFP", "AP", "local media", "state television", "witnesses")

EVENT_SENTENCES = (
    "{dem} soldiers clashed with {group} near {town} on {day}, killing {num} people, the army said.",
    "An air strike hit a market in {town} in {region} province on {day}, killing {num} civilians.",
    ("Thousands of protesters marched through {town} on {day} to demand the release of detained "
    "opposition leaders."),
    "Police fired tear gas at rioters who set fire to shops and cars in {town} late on {day}.",
    "Security forces arrested {num} suspected members of {group} in a raid outside {town}.",
    ("Gunmen attacked the village of Kara near {town} overnight, killing {num} villagers and "
    "abducting several women, residents told {outlet}."),
    "A roadside bomb exploded as a military convoy passed near {town}, wounding {num} soldiers.",
    "Artillery shells struck residential areas of {town} on {day}, the {region} governor said.",
    "The government and {group} signed a ceasefire agreement in {country} on {day}.",
    "{group} said they had taken control of two villages north of {town} after heavy fighting.",
    "A suicide bomber blew himself up at a checkpoint in {town}, killing {num} people.",
    "Students held a peaceful sit-in outside the university in {town} over rising fees.",
)
CONTEXT_SENTENCES = (
    "The {region} region has seen repeated violence since the conflict began in 2012.",
    "Last year, a similar attack in {town} killed more than 40 people.",
    "Officials in {country} did not respond to requests for comment.",
    "The United Nations called on all sides to protect civilians and allow aid to reach {town}.",
    "{outlet} could not independently verify the figures.",
    "Aid groups say hundreds of thousands of people have fled their homes in {region}.",
    "\"We heard explosions all night,\" a resident of {town} told {outlet} by telephone.",
    "The {dem} defence ministry said the situation was under control.",
    "The government denied the accusations and said its forces had only targeted fighters.",
    "Talks between the two sides are due to resume next month in a neighbouring country.",
    ("The violence comes days before regional elections, which the opposition has threatened to "
    "boycott."),
    "Residents said electricity and water had been cut in parts of {town} for a third day.",
    ("A spokesman for {group} said the group would continue its operations until its demands "
    "were met."),
    "Hospitals in {region} said they were struggling to treat the wounded because of shortages.",
    "The {dem} interior minister visited {town} on {day} and promised to restore order.",
    "Human rights groups have accused both sides of abuses against civilians.",
    "Schools in {town} have been closed since the start of the month.",
    "Markets reopened on {day} morning but many shops stayed shut.",
)
# Headlines carry a digit, as wire headlines do.
HEADLINE_NUMBERS = ("2", "3", "4", "5", "7", "9", "12", "15", "20", "30")
HEADLINES = (
    "{num} killed in {town} as violence flares in {region}",
    "{country}: fighting near {town} leaves {num} dead",
    "Protests and clashes in {town}",
    "{group} attack near {town}, officials say",
)


def _fill(template: str, rng: random.Random, slots: dict[str, str],
          numbers: tuple[str, ...] = NUMBERS) -> str:
    text = template.format(num=rng.choice(numbers), day=rng.choice(DAYS),
                           group=rng.choice(ARMED_GROUPS), outlet=rng.choice(OUTLETS), **slots)
    return text[0].upper() + text[1:]


def article(i: int, *, seed: int = DEFAULT_SEED) -> Article:
    """The i-th generated article: a headline, one or two event sentences, then context."""
    rng = random.Random(seed * 1_000_003 + i)
    town, region, country, dem = rng.choice(PLACES)
    slots = {"town": town, "region": region, "country": country, "dem": dem}
    n = rng.randint(*SENTENCES)
    lead = rng.choice(EVENT_SENTENCES)
    # The rest without repeats: a mix of further events and context, as a wire report has.
    rest = [t for t in EVENT_SENTENCES if t != lead] + list(CONTEXT_SENTENCES)
    sentences = [_fill(t, rng, slots) for t in [lead, *rng.sample(rest, n - 1)]]
    # Paragraphs of two or three sentences, as wire copy is laid out.
    paras, k = [], 0
    while k < len(sentences):
        step = rng.randint(2, 3)
        paras.append(" ".join(sentences[k : k + step]))
        k += step
    published = FIRST_DATE + timedelta(days=i % 365)
    return Article(
        id=f"gen-{seed}-{i}",
        text="\n\n".join(paras),
        title=_fill(rng.choice(HEADLINES), rng, slots, HEADLINE_NUMBERS),
        published=published.isoformat(),
        source=rng.choice(OUTLETS[:3]),
    )


def generate(n: int, *, seed: int = DEFAULT_SEED) -> list[Article]:
    """n generated articles; the first k of generate(n) are generate(k)."""
    return [article(i, seed=seed) for i in range(n)]
