-- The geocoder's answers (issue 8, part 7), so that an address is never
-- geocoded twice, across imports, harvests and instances. cle is the
-- normalised address and the INSEE code of its commune (geocode.Key);
-- trouve 0 when the geocoder found nothing in the commune. The answer is
-- kept as given (label, score, type, citycode): whether it is good enough
-- is decided when it is used. at is store.TimeLayout text.
CREATE TABLE geocodages (
    cle TEXT PRIMARY KEY,
    trouve INTEGER NOT NULL,
    latitude DOUBLE PRECISION NOT NULL DEFAULT 0,
    longitude DOUBLE PRECISION NOT NULL DEFAULT 0,
    libelle TEXT NOT NULL DEFAULT '',
    score DOUBLE PRECISION NOT NULL DEFAULT 0,
    type TEXT NOT NULL DEFAULT '',
    code_insee TEXT NOT NULL DEFAULT '',
    service TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
