"""Independent reference calculator for leaseledger's billing rules (issue 17, point 4).

Written from docs/DESIGN.md ("Numbers", "Time", "Contract", "Usage records", "Billing
rules", "The invoice document") and, where DESIGN.md is silent, from docs/billing.md. It
was NOT written from the C code (ledger/rate.c, contract.c, explain.c were not read): it
is a second implementation, so that a difference between the two is a bug in one of them.
Python 3 standard library only; every number is an int of micro-units or a Fraction.

Where DESIGN.md is silent and billing.md decided (each marked "billing.md" below):
  - escalation: rates step one at a time, round6 each step; a rate restated by an
    amendment steps only at escalation instants strictly after its effective instant;
    escalation instants are computed from `starts`, day clamped to the month's end;
  - the split rule with several cuts: piece = F(b) - F(a), F always on the original record,
    F(x) = trunc(q * (x - s) / (e - s)) toward zero (also for negative quantities);
  - tiers: graduated on the class's cumulative overage over the period's windows in time
    order (windows without tiers count too), each window cut at its own up_to values,
    overage beyond a bounded last tier at overage_rate(w), same-rate segments of one
    window merged into one line (priced once), zero-quantity overage lines omitted;
  - energy: quantity round6(E * pue), amount from the exact E * pue * rate; a window with
    zero energy has no line;
  - power_capacity: one line per window, quantity round6(capacity_mw * h_w / hours(P));
  - SLA: R_c and D_c over the windows where the class has terms, D_c clamped to 0..R_c,
    bands of the SLA in force in the last billed window, no line when the percent is 0;
    the line (and the true-up line) runs from the first billed window's start to the last
    billed window's end;
  - minimum: time-weighted, sum over w of minimum_monthly(w) * h_w / hours(P); no line
    when the shortfall rounds to zero; the line's quantity is 1 and its rate its amount;
  - supplementary invoices / credit notes: billing.md "Supplementary invoices and credit
    notes" (keys, differences of rounded amounts, rises vs falls, unchanged amounts not
    issued);
  - kWh records are converted to micro-MWh (1 kWh = 1000 micro-MWh) before splitting;
    the generator only writes kWh quantities with whole Wh (DESIGN.md: 1 micro-MWh = 1 Wh).
"""
from __future__ import annotations

import calendar
import datetime as dt
from fractions import Fraction

MICRO = 1_000_000
CLASS_ORDER = ["H100", "H200", "GB200"]
STREAMS = ["gpu_reserved", "gpu_overage", "energy", "power_capacity", "sla_credit",
           "commitment_true_up"]
CURRENCY_DIGITS = {"USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "CAD": 2, "AUD": 2, "JPY": 0}

# ------------------------------------------------------------------------------ numbers


def parse_dec(s: str) -> int:
    """A decimal string with at most 6 decimals, as micro-units."""
    neg = s.startswith("-")
    if s[:1] in "+-":
        s = s[1:]
    whole, _, frac = s.partition(".")
    if len(frac) > 6:
        raise ValueError(f"more than 6 decimals: {s}")
    v = int(whole or "0") * MICRO + int((frac + "000000")[:6])
    return -v if neg else v


def round_half_away(x: Fraction) -> int:
    """x rounded to an integer, halves away from zero."""
    n = abs(x)
    r = (n.numerator * 2 + n.denominator) // (2 * n.denominator)
    return -r if x < 0 else r


def fmt6(v: int) -> str:
    sign = "-" if v < 0 else ""
    v = abs(v)
    return f"{sign}{v // MICRO}.{v % MICRO:06d}"


def fmt_amount(minor: int, digits: int) -> str:
    sign = "-" if minor < 0 else ""
    minor = abs(minor)
    if digits == 0:
        return f"{sign}{minor}"
    p = 10**digits
    return f"{sign}{minor // p}.{minor % p:0{digits}d}"


# ------------------------------------------------------------------------------ time


def parse_time(s: str) -> int:
    """RFC 3339 UTC ('...Z') as Unix seconds."""
    t = dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    return int(t.timestamp())


def fmt_time(t: int) -> str:
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_months(t: int, months: int) -> int:
    """Same day of month (clamped to the month's last day) and time, `months` later."""
    d = dt.datetime.fromtimestamp(t, dt.timezone.utc)
    m0 = d.year * 12 + (d.month - 1) + months
    y, m = divmod(m0, 12)
    day = min(d.day, calendar.monthrange(y, m + 1)[1])
    return int(d.replace(year=y, month=m + 1, day=day).timestamp())


def period_bounds(period: str) -> tuple[int, int]:
    y, m = (int(x) for x in period.split("-"))
    start = int(dt.datetime(y, m, 1, tzinfo=dt.timezone.utc).timestamp())
    return start, add_months(start, 1)


# ------------------------------------------------------------------------------ contracts


def _gpu_terms(g: dict, set_at: int) -> dict:
    tiers = []
    for t in g.get("overage_tiers", []):
        tiers.append([parse_dec(t["up_to"]) if "up_to" in t else None, parse_dec(t["rate"])])
    return {"reserved": int(g["reserved"]), "rate": parse_dec(g["rate"]),
            "overage_rate": parse_dec(g["overage_rate"]), "tiers": tiers, "set_at": set_at}


def _energy_terms(e: dict, set_at: int) -> dict:
    return {"rate_per_mwh": parse_dec(e["rate_per_mwh"]), "pue": parse_dec(e["pue"]),
            "capacity_mw": parse_dec(e.get("capacity_mw", "0")),
            "capacity_rate": parse_dec(e.get("capacity_rate_per_mw_month", "0")),
            "set_at": set_at}


def _sla_terms(s: dict) -> dict:
    return {"bands": [(parse_dec(b["below"]), parse_dec(b["percent"])) for b in s["credits"]]}


def _step(rate: int, pct: int) -> int:
    """round6(rate * (100 + percent) / 100), halves away from zero (pct in micro-percent)."""
    return round_half_away(Fraction(rate * (100 * MICRO + pct), 100 * MICRO))


class Contract:
    """A base contract document and its amendments (DESIGN.md "Contract")."""

    def __init__(self, base: dict, amendments: list[dict] = ()):
        self.base = base
        self.amendments = sorted(amendments, key=lambda a: parse_time(a["effective"]))
        self.currency = base["currency"]
        self.digits = CURRENCY_DIGITS[self.currency]
        self.starts = parse_time(base["starts"])
        esc = base.get("escalator")
        self.esc_pct = parse_dec(esc["percent"]) if esc else None
        self.esc_every = int(esc["every_months"]) if esc else None

    def escalations(self, until: int) -> list[int]:
        """Escalation instants in (starts, until], each computed from starts."""
        out = []
        if self.esc_every is None:
            return out
        k = 1
        while True:
            t = add_months(self.starts, k * self.esc_every)
            if t > until:
                return out
            out.append(t)
            k += 1

    def raw_terms_at(self, t: int) -> dict:
        """Base plus every amendment effective at or before t, not escalated."""
        b = self.base
        st = {"gpu": {g["class"]: _gpu_terms(g, self.starts) for g in b["gpu"]},
              "energy": _energy_terms(b["energy"], self.starts) if "energy" in b else None,
              "sla": _sla_terms(b["sla"]) if "sla" in b else None,
              "minimum": parse_dec(b.get("minimum_monthly", "0")),
              "ends": parse_time(b["ends"])}
        for a in self.amendments:
            eff = parse_time(a["effective"])
            if eff > t:
                break
            for g in a.get("gpu", []):
                st["gpu"][g["class"]] = _gpu_terms(g, eff)
            if "energy" in a:
                st["energy"] = _energy_terms(a["energy"], eff)
            if "sla" in a:
                st["sla"] = _sla_terms(a["sla"])
            if "minimum_monthly" in a:
                st["minimum"] = parse_dec(a["minimum_monthly"])
            if "ends" in a:
                st["ends"] = parse_time(a["ends"])
        return st

    def terms_at(self, t: int) -> dict:
        """The terms in force at t, escalated (DESIGN.md "Escalated rates")."""
        st = self.raw_terms_at(t)
        escs = self.escalations(t)

        def steps(set_at: int) -> int:
            return sum(1 for e in escs if e > set_at)

        for g in st["gpu"].values():
            for _ in range(steps(g["set_at"])):
                g["rate"] = _step(g["rate"], self.esc_pct)
                g["overage_rate"] = _step(g["overage_rate"], self.esc_pct)
                for tier in g["tiers"]:
                    tier[1] = _step(tier[1], self.esc_pct)
        e = st["energy"]
        if e:
            for _ in range(steps(e["set_at"])):
                e["rate_per_mwh"] = _step(e["rate_per_mwh"], self.esc_pct)
                e["capacity_rate"] = _step(e["capacity_rate"], self.esc_pct)
        return st

    def term_end(self) -> int:
        """The end in force after every amendment."""
        return self.raw_terms_at(2**62)["ends"]

    def windows(self, p0: int, p1: int) -> list[tuple[int, int]]:
        """The billed windows of [p0, p1): cut at start, end, effective and escalation
        instants, kept where inside the term."""
        end = self.term_end()
        cuts = {p0, p1, self.starts, end}
        cuts.update(parse_time(a["effective"]) for a in self.amendments)
        cuts.update(self.escalations(p1))
        pts = sorted(c for c in cuts if p0 <= c <= p1)
        return [(a, b) for a, b in zip(pts, pts[1:]) if a >= self.starts and b <= end]


# ------------------------------------------------------------------------------ usage


def record_micro(rec: dict) -> int:
    """A record's quantity in micro-units of its kind's unit (GPU-hours or MWh)."""
    q = rec["quantity"]
    if rec["unit"] == "kwh":
        v = parse_dec(q)  # micro-kWh
        if v % 1000:
            raise ValueError(f"kWh quantity finer than 1 Wh: {q}")
        return v // 1000
    return parse_dec(q)


def split_piece(q: int, s: int, e: int, a: int, b: int) -> int:
    """The part of a record [s, e) of quantity q inside [a, b): F(b) - F(a)."""
    lo, hi = max(s, a), min(e, b)
    if lo >= hi:
        return 0

    def F(x: int) -> int:
        if x <= s:
            return 0
        if x >= e:
            return q
        n = q * (x - s)
        d = e - s
        return n // d if n >= 0 else -((-n) // d)  # toward zero

    return F(hi) - F(lo)


# ------------------------------------------------------------------------------ rating


def _line(stream, cls, w0, w1, qty, unit, rate, amount_minor, digits):
    return {"stream": stream, "class": cls, "from": fmt_time(w0), "to": fmt_time(w1),
            "quantity": fmt6(qty), "unit": unit, "rate": fmt6(rate),
            "amount": fmt_amount(amount_minor, digits)}


def rate_period(contract: Contract, period: str, records: list[dict]) -> list[dict]:
    """The invoice lines of `period` (DESIGN.md "Billing rules"), in line order."""
    p0, p1 = period_bounds(period)
    hours_p = (p1 - p0) // 3600
    wins = contract.windows(p0, p1)
    if not wins:
        return []
    cur, digits = contract.currency, contract.digits
    scale = 10**digits  # minor units per currency unit

    def money(x: Fraction) -> int:
        """An exact amount in currency units, rounded once to the minor unit."""
        return round_half_away(x * scale)

    terms = [contract.terms_at(w0) for w0, _ in wins]
    gpu_used = [dict() for _ in wins]
    down = [dict() for _ in wins]
    energy = [0] * len(wins)
    for rec in records:
        s, e, q = parse_time(rec["start"]), parse_time(rec["end"]), record_micro(rec)
        for i, (w0, w1) in enumerate(wins):
            piece = split_piece(q, s, e, w0, w1)
            if rec["kind"] == "gpu":
                gpu_used[i][rec["class"]] = gpu_used[i].get(rec["class"], 0) + piece
            elif rec["kind"] == "downtime":
                down[i][rec["class"]] = down[i].get(rec["class"], 0) + piece
            else:
                energy[i] += piece

    by_stream = {s: [] for s in STREAMS}
    counted = Fraction(0)  # sum of rounded reserved/overage/energy/capacity, currency units
    classes = [c for c in CLASS_ORDER if any(c in t["gpu"] for t in terms)]

    for c in classes:
        cum = 0  # cumulative overage of c in the period, micro GPU-hours
        for i, (w0, w1) in enumerate(wins):
            g = terms[i]["gpu"].get(c)
            if g is None:
                if gpu_used[i].get(c, 0):
                    raise ValueError(f"usage of {c} where the contract has no terms")
                continue
            h = (w1 - w0) // 3600
            r = g["reserved"] * h * MICRO
            if g["reserved"] > 0:
                amt = money(Fraction(r * g["rate"], MICRO * MICRO))
                by_stream["gpu_reserved"].append(
                    _line("gpu_reserved", c, w0, w1, r, "gpu_hour", g["rate"], amt, digits))
                counted += Fraction(amt, scale)
            over = max(0, gpu_used[i].get(c, 0) - r)
            segs = {}  # rate -> quantity, in first-seen (tier) order
            lo, hi = cum, cum + over
            prev = 0
            bounded_end = 0
            for up_to, trate in g["tiers"]:
                top = up_to if up_to is not None else None
                a = max(lo, prev)
                b = hi if top is None else min(hi, top)
                if b > a:
                    segs[trate] = segs.get(trate, 0) + (b - a)
                if top is None:
                    bounded_end = None
                    break
                prev = top
                bounded_end = top
            if bounded_end is not None:  # no tiers, or a bounded last tier
                a = max(lo, bounded_end)
                if hi > a:
                    segs[g["overage_rate"]] = segs.get(g["overage_rate"], 0) + (hi - a)
            cum = hi
            for trate, qty in segs.items():
                if qty == 0:
                    continue
                amt = money(Fraction(qty * trate, MICRO * MICRO))
                by_stream["gpu_overage"].append(
                    _line("gpu_overage", c, w0, w1, qty, "gpu_hour", trate, amt, digits))
                counted += Fraction(amt, scale)

    for i, (w0, w1) in enumerate(wins):
        en = terms[i]["energy"]
        if energy[i] == 0:
            continue
        if en is None:
            raise ValueError("energy usage where the contract has no energy terms")
        exact_q = energy[i] * en["pue"]  # micro * micro
        qty = round_half_away(Fraction(exact_q, MICRO))
        amt = money(Fraction(exact_q * en["rate_per_mwh"], MICRO**3))
        by_stream["energy"].append(
            _line("energy", None, w0, w1, qty, "mwh", en["rate_per_mwh"], amt, digits))
        counted += Fraction(amt, scale)

    for i, (w0, w1) in enumerate(wins):
        en = terms[i]["energy"]
        if not en or en["capacity_mw"] == 0:
            continue
        h = (w1 - w0) // 3600
        qty = round_half_away(Fraction(en["capacity_mw"] * h, hours_p))
        amt = money(Fraction(en["capacity_mw"] * en["capacity_rate"] * h, MICRO * MICRO * hours_p))
        by_stream["power_capacity"].append(
            _line("power_capacity", None, w0, w1, qty, "mw_month", en["capacity_rate"], amt,
                  digits))
        counted += Fraction(amt, scale)

    b0, b1 = wins[0][0], wins[-1][1]
    sla = terms[-1]["sla"]
    for c in classes:
        if not sla:
            break
        rc = dc = 0
        base = 0  # micro-currency * micro
        for i, (w0, w1) in enumerate(wins):
            g = terms[i]["gpu"].get(c)
            if g is None:
                continue
            h = (w1 - w0) // 3600
            rc += g["reserved"] * h * MICRO
            dc += down[i].get(c, 0)
            base += g["reserved"] * h * g["rate"]
        if rc == 0:
            continue
        dc = min(max(dc, 0), rc)
        pct = None
        for below, percent in sla["bands"]:  # strictly descending: the last hit is lowest
            if 100 * (rc - dc) * MICRO < below * rc:
                pct = percent
        if not pct:
            continue
        rate = -pct // 100  # micro; exact by billing.md's 4-decimal rule
        assert pct % 100 == 0, "percent with more than 4 decimals"
        amt = money(Fraction(-pct * base, 100 * MICRO * MICRO))
        by_stream["sla_credit"].append(
            _line("sla_credit", c, b0, b1, base, cur, rate, amt, digits))

    minimum = sum((Fraction(terms[i]["minimum"] * ((w1 - w0) // 3600), MICRO * hours_p)
                   for i, (w0, w1) in enumerate(wins)), Fraction(0))
    short = money(max(Fraction(0), minimum - counted))
    if short > 0:
        by_stream["commitment_true_up"].append(
            _line("commitment_true_up", None, b0, b1, MICRO, cur,
                  short * MICRO // scale, short, digits))

    return [ln for s in STREAMS for ln in by_stream[s]]


def total_of(lines: list[dict], digits: int) -> str:
    return fmt_amount(sum(minor_of(ln["amount"], digits) for ln in lines), digits)


def minor_of(amount: str, digits: int) -> int:
    return parse_dec(amount) // 10**(6 - digits)


# ------------------------------------------------------------------------------ re-rating


def line_key(ln: dict) -> tuple:
    return (ln["stream"], ln["class"], ln["from"], ln["to"], ln["unit"], ln["rate"])


def diff_documents(new_lines: list[dict], issued: list[list[dict]], digits: int):
    """billing.md "Supplementary invoices and credit notes": (supplementary lines, credit
    lines) between a re-rating and everything issued for the period so far."""
    sums: dict[tuple, list[int]] = {}
    order: list[tuple] = []
    for doc in issued:
        for ln in doc:
            k = line_key(ln)
            if k not in sums:
                sums[k] = [0, 0]
                order.append(k)
            sums[k][0] += parse_dec(ln["quantity"])
            sums[k][1] += minor_of(ln["amount"], digits)
    new = {}
    for ln in new_lines:
        new[line_key(ln)] = (parse_dec(ln["quantity"]), minor_of(ln["amount"], digits))
    keys = [line_key(ln) for ln in new_lines] + [k for k in order if k not in new]
    supp, credit = [], []
    for k in keys:
        q_new, a_new = new.get(k, (0, 0))
        q_old, a_old = sums.get(k, (0, 0))
        dq, da = q_new - q_old, a_new - a_old
        if da == 0:
            continue
        stream, cls, f, t, unit, rate = k
        ln = {"stream": stream, "class": cls, "from": f, "to": t, "quantity": fmt6(dq),
              "unit": unit, "rate": rate, "amount": fmt_amount(da, digits)}
        (supp if da > 0 else credit).append(ln)
    return supp, credit
