"""Random valid contracts and usage for the differential test (issue 17, point 4).

Written from docs/DESIGN.md ("Site", "Contract", "Usage records", validation, "Billing
rules") and docs/billing.md (contract validation table, amendments, the split rule); not
from the C code. One seed gives one scenario: a site, 1 to 3 tenants on it, each with one
contract (every month length, escalators stepping inside the month, 0-2 amendments, tiers,
SLA bands, minimum commitments; USD, EUR, GBP and JPY) and usage for one billing period
(records crossing every window boundary and the period's edges, corrections with negative
deltas, kWh and MWh, downtime at the SLA band boundaries), plus a late round (usage and
corrections arriving after the invoice: supplementary invoices and credit notes).

Names in a scenario are logical; `materialize` turns them into database names with a
prefix, so that the same scenario can be loaded many times into one database (shrinking).

Downtime of a class before an amendment gives it terms is generated too (issue 17 point
2: accepted, and ignored by rating).

Options (Opts) switch shapes on or off:
  cross_term   records crossing the contract's start or end (off: rejected whole by the
               ingest of today; turn on once issue 17 point 1 is merged)
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import rate as R

CLASSES = ["H100", "H200", "GB200"]
HOUR = 3600


@dataclass
class Opts:
    cross_term: bool = False


def _dec(rng: random.Random, lo: float, hi: float, decimals: int) -> str:
    """A random decimal string in [lo, hi) with exactly `decimals` decimals (no floats
    reach the reference: the string is what both sides parse)."""
    scale = 10**decimals
    v = rng.randrange(int(lo * scale), int(hi * scale))
    if decimals == 0:
        return str(v)
    return f"{v // scale}.{v % scale:0{decimals}d}"


def _rate(rng, lo, hi):
    return _dec(rng, lo, hi, rng.choice([2, 2, 6]))


def _hour_in(rng, a: int, b: int) -> int:
    """A whole hour in [a, b) (a, b whole hours)."""
    return a + HOUR * rng.randrange(max(1, (b - a) // HOUR))


def _gpu(rng, cls, scale_hours, reserved_min=0):
    reserved = rng.choice([reserved_min, rng.randint(max(1, reserved_min), 8),
                           rng.randint(1, 400)]) if reserved_min == 0 else \
        rng.randint(reserved_min, 400)
    g = {"class": cls, "reserved": reserved, "rate": _rate(rng, 0.5, 6),
         "overage_rate": _rate(rng, 0.5, 8)}
    if rng.random() < 0.55:
        n = rng.randint(1, 3)
        base = max(1, reserved) * scale_hours // 10 + 1
        ups = sorted(rng.sample(range(1, 4 * base + 10), n))
        tiers = [{"up_to": _dec(rng, u, u + 1, rng.choice([0, 6])), "rate": _rate(rng, 0.5, 8)}
                 for u in ups]
        if rng.random() < 0.5:
            tiers.append({"rate": _rate(rng, 0.5, 8)})
        if rng.random() < 0.3:  # a tier at the overage rate: segments to merge
            rng.choice(tiers)["rate"] = g["overage_rate"]
        g["overage_tiers"] = tiers
    return g


def _energy(rng):
    e = {"rate_per_mwh": _rate(rng, 20, 120), "pue": _dec(rng, 1, 1.6, rng.choice([2, 6]))}
    if rng.random() < 0.5:
        e["capacity_mw"] = _dec(rng, 0, 50, rng.choice([0, 3, 6]))
        e["capacity_rate_per_mw_month"] = _rate(rng, 1000, 20000)
    return e


def _sla(rng):
    n = rng.randint(1, 3)
    belows = sorted({_dec(rng, 90, 100, rng.choice([1, 3, 6])) for _ in range(n)},
                    key=R.parse_dec, reverse=True)
    pcts = [rng.choice(["5", "10", "2.5", "12.25", "0.0001", "0", "33.3333"]) for _ in belows]
    return {"target": belows[0], "credits": [{"below": b, "percent": p}
                                             for b, p in zip(belows, pcts)]}


def _month_start(y, m):
    return R.period_bounds(f"{y:04d}-{m:02d}")[0]


def _contract(rng, p0, p1, currency):
    """A base contract whose term overlaps [p0, p1)."""
    hours_p = (p1 - p0) // HOUR
    if rng.random() < 0.35:
        starts = _hour_in(rng, p0, p1)
    else:
        d = R.add_months(p0, -rng.randint(1, 30))  # the first of an earlier month
        ndays = (R.add_months(d, 1) - d) // 86400
        day = rng.choice([1, rng.randint(1, ndays), ndays, min(29, ndays), min(30, ndays)])
        starts = d + (day - 1) * 86400 + HOUR * rng.randrange(24)
    if rng.random() < 0.35:
        ends = _hour_in(rng, max(starts, p0) + HOUR, p1)
    else:
        ends = R.add_months(p1, rng.randint(0, 24)) + HOUR * rng.randrange(48)
    ends = max(ends, starts + HOUR)
    classes = rng.sample(CLASSES, rng.randint(1, 3))
    gpu = [_gpu(rng, c, hours_p, reserved_min=1 if i == 0 else 0)
           for i, c in enumerate(classes)]
    doc = {"contract": "K", "tenant": "T", "tenant_name": "Tenant", "site": "S",
           "currency": currency, "invoice_series": "SER",
           "starts": R.fmt_time(starts), "ends": R.fmt_time(ends), "gpu": gpu}
    if rng.random() < 0.7:
        doc["energy"] = _energy(rng)
    if rng.random() < 0.7:
        doc["sla"] = _sla(rng)
    if rng.random() < 0.4:
        doc["minimum_monthly"] = _dec(rng, 0, 400 * hours_p * 3, rng.choice([0, 2]))
    if rng.random() < 0.7:
        doc["escalator"] = {"percent": rng.choice(["3", "3.000000", "2.5", "7.123456", "50",
                                                   "0.000001"]),
                            "every_months": rng.choice([1, 1, 2, 3, 6, 12])}
    return doc


def _amendments(rng, base, p0, p1):
    c = R.Contract(base)
    starts = c.starts
    hours_p = (p1 - p0) // HOUR
    out = []
    used = set()
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        cur = R.Contract(base, out)
        end_now = cur.term_end()
        lo = max(starts, p0 - 40 * 86400)
        hi = min(end_now, p1)
        if hi - lo < 2 * HOUR:
            break
        escs = [e for e in cur.escalations(p1) if lo < e < hi]
        if escs and rng.random() < 0.3:
            eff = rng.choice(escs)  # effective exactly on an escalation instant
        elif rng.random() < 0.8:
            eff = _hour_in(rng, max(lo, p0), hi) if hi > max(lo, p0) + HOUR else _hour_in(rng, lo, hi)
        else:
            eff = _hour_in(rng, lo, hi)
        if eff in used or eff <= starts and eff != starts:
            continue
        # every amendment is loaded after the earlier ones: keep them in time order
        if out and eff <= R.parse_time(out[-1]["effective"]):
            continue
        used.add(eff)
        a = {"contract": "K", "amends": "K", "effective": R.fmt_time(eff)}
        have = [g["class"] for g in base["gpu"]]
        for o in out:
            have += [g["class"] for g in o.get("gpu", [])]
        gpu = []
        for cls in rng.sample(CLASSES, rng.randint(0, 2)):
            gpu.append(_gpu(rng, cls, hours_p))
        if gpu:
            a["gpu"] = gpu
        if rng.random() < 0.35:
            a["energy"] = _energy(rng)
        if rng.random() < 0.3:
            a["sla"] = _sla(rng)
        if rng.random() < 0.3:
            a["minimum_monthly"] = _dec(rng, 0, 400 * hours_p * 3, 2)
        if rng.random() < 0.25:
            if rng.random() < 0.5:
                a["ends"] = R.fmt_time(_hour_in(rng, eff + HOUR, max(eff + 2 * HOUR, p1 + HOUR)))
            else:
                a["ends"] = R.fmt_time(R.add_months(end_now, rng.randint(1, 6)))
        if len(a) == 3:
            a["minimum_monthly"] = "0"
        out.append(a)
    return out


def _class_spans(c: R.Contract):
    """Per class: (from, to) where the class has terms, and which windows cut it."""
    spans = {}
    for g in c.base["gpu"]:
        spans[g["class"]] = c.starts
    for a in c.amendments:
        for g in a.get("gpu", []):
            spans.setdefault(g["class"], R.parse_time(a["effective"]))
    energy = c.starts if "energy" in c.base else None
    for a in c.amendments:
        if "energy" in a and energy is None:
            energy = R.parse_time(a["effective"])
    return spans, energy


def _chain(rng, lo, hi, meter, kind, cls, unit, intensity_micro, ev, cuts):
    """Consecutive records of one meter over [lo, hi): random lengths (seconds), some
    ending exactly on a cut, some straddling one."""
    recs = []
    t = lo
    while t < hi:
        nxt = [x for x in cuts if x > t]
        r = rng.random()
        if nxt and r < 0.25:
            e = nxt[0]  # ends exactly at the boundary
        elif nxt and r < 0.6:
            e = nxt[0] + rng.randint(1, 3 * HOUR)  # straddles it by a few seconds/hours
        else:
            e = t + rng.randint(60, 3 * 86400)
        e = min(e, hi)
        if e <= t:
            break
        secs = e - t
        q = intensity_micro * secs // HOUR
        q = max(0, q + rng.randint(-q // 3 - 1, q // 3 + 1)) if q else rng.randint(0, 999)
        if rng.random() < 0.3:
            q = q - q % MICRO_OR(unit) + rng.choice([0, 1, MICRO_OR(unit) - 1])
        recs.append(_rec(kind, cls, t, e, q, unit, meter, f"{ev}-{len(recs)}", rng))
        t = e
    return recs


def MICRO_OR(unit):
    return 1000 if unit == "kwh" else R.MICRO


def _qstr(q: int, unit: str) -> str:
    """micro-units (of the kind's unit) as the record's decimal string in `unit`."""
    if unit == "kwh":
        return R.fmt6(q * 1000).rstrip("0").rstrip(".")  # q micro-MWh = q Wh
    return R.fmt6(q)


def _rec(kind, cls, s, e, q_micro, unit, meter, ev, rng=None):
    """q_micro: micro-GPU-hours or micro-MWh (kWh records carry whole Wh)."""
    return {"kind": kind, "class": cls or "", "start": R.fmt_time(s), "end": R.fmt_time(e),
            "quantity": _qstr(q_micro, unit), "unit": unit, "meter": meter, "event": ev,
            "corrects": ""}


def scenario(seed: int, opts: Opts = Opts()) -> dict:
    rng = random.Random(seed)
    y = rng.randint(2024, 2030)
    m = rng.randint(1, 12)
    if rng.random() < 0.15:
        y, m = rng.choice([2024, 2028]), 2  # leap February
    period = f"{y:04d}-{m:02d}"
    p0, p1 = R.period_bounds(period)
    tenants = []
    for ti in range(rng.choice([1, 1, 2, 3])):
        currency = rng.choice(["USD", "USD", "EUR", "GBP", "JPY"])
        base = _contract(rng, p0, p1, currency)
        amends = _amendments(rng, base, p0, p1)
        tenants.append({"base": base, "amendments": amends,
                        "rounds": _usage(rng, base, amends, p0, p1, ti, opts)})
    return {"seed": seed, "period": period, "tenants": tenants}


def _usage(rng, base, amends, p0, p1, ti, opts):
    c = R.Contract(base, amends)
    t0, t1 = c.starts, c.term_end()
    if opts.cross_term:
        t0, t1 = t0 - rng.randint(1, 2 * 86400), t1 + rng.randint(1, 2 * 86400)
    lo = max(t0, p0 - rng.randint(0, 3 * 86400))
    hi = min(t1, p1 + rng.randint(0, 3 * 86400))
    wins = c.windows(p0, p1)
    cuts = sorted({w[0] for w in wins} | {w[1] for w in wins} | {p0, p1, c.starts, c.term_end()})
    spans, e_from = _class_spans(c)
    if opts.cross_term:  # terms from the start on: let records begin before it
        spans = {k: (lo if v == c.starts else v) for k, v in spans.items()}
        e_from = lo if e_from == c.starts else e_from
    rounds = [[], []]
    for cls, cfrom in spans.items():
        a = max(lo, cfrom)
        if a >= hi:
            continue
        res = max(1, max(g["reserved"] for t in [c.terms_at(x) for x in [a, hi - 1]]
                         for g in [t["gpu"].get(cls, {"reserved": 1})]))
        for k in range(rng.randint(0, 2)):
            intensity = res * R.MICRO * rng.choice([30, 90, 100, 120, 250]) // 100
            rounds[0] += _chain(rng, a, hi, f"g{ti}{cls}{k}", "gpu", cls, "gpu_hour",
                                intensity, f"g{ti}{cls}{k}", cuts)
        if rng.random() < 0.6:
            rounds[0] += _downtime(rng, c, cls, a, hi, p0, p1, ti)
        if lo < cfrom and rng.random() < 0.5:
            # downtime before an amendment gives the class terms: accepted, never counted
            # (issue 17 point 2: only reserved hours count)
            b = min(cfrom, hi)
            if lo < b:
                s = rng.randint(lo, b - 1)
                rounds[0].append(_rec("downtime", cls, s, b, rng.randint(1, 10**9),
                                      "gpu_hour", f"n{ti}{cls}", f"n{ti}{cls}"))
    if e_from is not None and max(lo, e_from) < hi:
        unit = rng.choice(["mwh", "kwh"])
        for k in range(rng.randint(1, 2)):
            rounds[0] += _chain(rng, max(lo, e_from), hi, f"e{ti}{k}", "energy", "", unit,
                                rng.randint(1, 30) * R.MICRO, f"e{ti}{k}", cuts)
    # corrections of earlier records, in the same round and in the late one
    # (ingest refuses a correction that would take a record below zero)
    now = {}  # event -> the record's quantity after its corrections so far
    for rnd in (0, 1):
        for r in rng.sample(rounds[0], min(len(rounds[0]), rng.randint(0, 3))):
            if r["corrects"]:
                continue
            q = now.get(r["event"], R.record_micro(r))
            delta = rng.choice([-q, -(q // 2), q // 3 + 7, -min(q, 1), 1])
            fix = dict(r, quantity=_qstr(delta, r["unit"]), corrects=r["event"],
                       event=f"{r['event']}-fix{rnd}{len(rounds[rnd])}")
            if delta != 0 and (rnd == 1 or rng.random() < 0.5):
                rounds[rnd].append(fix)
                now[r["event"]] = q + delta
    # late usage: new meters in the period
    if rng.random() < 0.7:
        for cls, cfrom in spans.items():
            a = max(p0, cfrom, t0)
            b = min(p1, t1)
            if a < b and rng.random() < 0.6:
                rounds[1] += _chain(rng, a, b, f"L{ti}{cls}", "gpu", cls, "gpu_hour",
                                    rng.randint(1, 200) * R.MICRO, f"L{ti}{cls}", cuts)
    if opts.cross_term:  # crossing the term, yes; wholly outside it stays rejected
        ts, te = R.fmt_time(c.starts), R.fmt_time(c.term_end())
        rounds = [[r for r in rn if r["end"] > ts and r["start"] < te] for rn in rounds]
    return rounds


def _downtime(rng, c, cls, a, hi, p0, p1, ti):
    """Downtime records for cls; sometimes exactly at an SLA band boundary."""
    wins = c.windows(p0, p1)
    rc = sum(t["gpu"][cls]["reserved"] * (w1 - w0) // HOUR * R.MICRO
             for (w0, w1) in wins for t in [c.terms_at(w0)] if cls in t["gpu"])
    s = max(a, p0)
    e = min(hi, p1)
    if s >= e or rc == 0:
        return []
    sla = c.terms_at(wins[-1][0])["sla"] if wins else None
    if sla and rng.random() < 0.7:
        below = rng.choice(sla["bands"])[0]
        # availability exactly at `below`: 100 (R - D) = below R  =>  D = R (100 - below)/100
        d = rc * (100 * R.MICRO - below) // (100 * R.MICRO)
        d += rng.choice([0, 0, 1, -1])
    else:
        d = rng.randint(0, rc // 20 + 1)
    d = max(0, d)
    # all inside [s, e) (the downtime must land in the class's windows to count exactly)
    parts = []
    n = rng.randint(1, 3)
    cut = sorted(rng.sample(range(s + 1, e), min(n - 1, max(0, e - s - 1))))
    pts = [s] + cut + [e]
    for i in range(len(pts) - 1):
        # proportional to the interval, so no part is physically impossible
        q = d * (pts[i + 1] - s) // (e - s) - d * (pts[i] - s) // (e - s)
        parts.append(_rec("downtime", cls, pts[i], pts[i + 1], q, "gpu_hour",
                          f"d{ti}{cls}{i}", f"d{ti}{cls}{i}"))
    return parts


def materialize(sc: dict, prefix: str) -> dict:
    """Database names for a scenario: site `prefix`, tenants `prefix`-tN, contracts
    `prefix`-KN, invoice series `prefix`N (identifier alphabet of billing.md)."""
    site = prefix
    docs = []
    for i, t in enumerate(sc["tenants"]):
        names = {"contract": f"{prefix}-K{i}", "tenant": f"{prefix}-t{i}",
                 "site": site, "invoice_series": f"{prefix}S{i}"}
        base = dict(t["base"], **names, tenant_name=f"Tenant {i} of {prefix}")
        amends = [dict(a, contract=names["contract"], amends=names["contract"])
                  for a in t["amendments"]]
        docs.append({"names": names, "base": base, "amendments": amends})
    return {"site": {"site": site, "name": f"difftest {prefix}",
                     "gpus": {"H100": 10000000, "H200": 10000000, "GB200": 10000000},
                     "power_mw": "10000000",
                     "operator": {"name": "Diff Op", "address": "1 Test Way", "tax_id": "0"}},
            "tenants": docs}


def csv_rows(sc: dict, mat: dict, rnd: int) -> list[str]:
    rows = []
    for t, d in zip(sc["tenants"], mat["tenants"]):
        n = d["names"]
        for r in t["rounds"][rnd]:
            ev = lambda e: f"{n['tenant']}/{e}" if e else ""
            rows.append(",".join([n["tenant"], n["site"], f"{n['tenant']}-{r['meter']}",
                                  r["kind"], r["class"], r["start"], r["end"], r["quantity"],
                                  r["unit"], ev(r["event"]), ev(r["corrects"])]))
    return rows


CSV_HEADER = "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
