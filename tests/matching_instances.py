"""Matching instances made as the benchmark makes them (bench/bench_matching.py) and as the
tests that compare solvers at its sizes make them: about 6% of all pairs are possible."""

from __future__ import annotations

import datetime as dt
import random

from gapcheck.catalogue import Catalogue
from gapcheck.models.capacity import Event, Offer, Provider, Request, RequestStatus

LANGUAGES = ["en", "fr", "ar", "es", "ru", "pt"]
REGIONS = ["West Africa", "Sahel", "Southeast Asia", "Western Balkans", "Middle East"]


def generate(
    catalogue: Catalogue, n_requests: int, n_offers: int, seed: int, day: dt.date
) -> tuple[list[Request], list[Offer]]:
    """`n_requests` requests and `n_offers` offers, the same for the same seed."""
    rnd = random.Random(seed)
    kinds, practices = list(catalogue.assistance), list(catalogue.by_id)
    sections = list(catalogue.sections)
    provider = Provider(name="Generated provider")
    history = [Event(status=RequestStatus.REQUESTED, date=day)]
    offers = []
    for j in range(n_offers):
        covers = (
            {"sections": [rnd.choice(sections)]}
            if rnd.random() < 0.3
            else {"practices": rnd.sample(practices, rnd.randint(1, 3))}
        )
        offers.append(
            Offer(
                id=f"offer-{j:05d}",
                provider=provider,
                kinds=rnd.sample(kinds, rnd.randint(1, 3)),
                languages=rnd.sample(LANGUAGES, rnd.randint(1, 2)),
                regions=rnd.sample(REGIONS, rnd.randint(0, 2)),
                capacity=rnd.randint(1, 5),
                **covers,
            )
        )
    requests = [
        Request(
            id=f"request-{i:05d}",
            state="Generated State",
            practice=rnd.choice(practices),
            target=3,
            kinds=rnd.sample(kinds, rnd.randint(1, 3)),
            priority=round(rnd.uniform(0, 6), 3),
            languages=rnd.sample(LANGUAGES, rnd.randint(1, 2)),
            region=rnd.choice(REGIONS),
            history=history,
        )
        for i in range(n_requests)
    ]
    return requests, offers
