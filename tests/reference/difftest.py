#!/usr/bin/env python3
"""Randomized differential test: the real `leaseledger` binary against tests/reference/rate.py
(issue 17, point 4). Written from docs/DESIGN.md and the CLI's --help, not from the C code.

For each seed, gen.scenario() makes a site, 1-3 tenants with contracts and amendments, and
two rounds of usage for one period. A batch of seeds shares one database (each seed has
its own site and tenants): every document is loaded with `site load` / `contract load`,
round 0 is ingested and sealed, each tenant is billed (`bill --period --tenant --format
json`) and each issued document is read back with `invoice show --format json`; then round
1 (late usage and corrections) is ingested, sealed and billed again, which must issue
exactly the supplementary invoice and/or credit note the reference computes. Every line
(stream, class, from, to, quantity, unit, rate, amount) and every total is compared.

Usage: difftest.py --ll BUILD/leaseledger --seeds N [--from S] [--batch B] [--jobs J]
                   [--template DB] [--cross-term] [--no-shrink] [--quiet]
With --template, each batch gets a database cloned from it (dropped afterwards); without,
every batch uses the database libpq's PG* variables name. Exit 0: no difference; 1: a
difference (the first differing seed and its shrunk reproduction are printed); 2: the
harness itself failed (a rejected record, a refused command).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402
import rate as R  # noqa: E402


class HarnessError(Exception):
    """The scenario could not be run (not a billing difference)."""


class Runner:
    """Runs leaseledger against one database."""

    def __init__(self, ll: str, db: str | None, key: str, tmp: str):
        self.ll, self.key, self.tmp = ll, key, tmp
        self.env = dict(os.environ, LEASELEDGER_KEY=key)
        if db:
            self.env["PGDATABASE"] = db
        self.n = 0

    def run(self, *args, ok=(0,)) -> str:
        p = subprocess.run([self.ll, *args], env=self.env, capture_output=True, text=True,
                           timeout=300)
        if p.returncode not in ok:
            raise HarnessError(f"leaseledger {' '.join(args)}: exit {p.returncode}\n"
                               f"{p.stdout}{p.stderr}")
        return p.stdout

    def file(self, name: str, text: str) -> str:
        self.n += 1
        path = os.path.join(self.tmp, f"{self.n}-{name}")
        with open(path, "w") as f:
            f.write(text)
        return path


def as_of(period: str, days: int) -> str:
    return R.fmt_time(R.period_bounds(period)[1] + 2 * 3600 + days * 86400)


def line_tuple(ln: dict) -> tuple:
    return (ln["stream"], ln["class"] or "-", ln["from"], ln["to"], ln["quantity"], ln["unit"],
            ln["rate"], ln["amount"])


def order_ok(lines: list[dict]) -> bool:
    """billing.md "Line order": by stream, then class (H100, H200, GB200, none), then
    window start (tiers of one window are not checked: their order is not unique)."""
    def k(ln):
        cls = R.CLASS_ORDER.index(ln["class"]) if ln["class"] else 3
        return (R.STREAMS.index(ln["stream"]), cls, ln["from"])
    keys = [k(ln) for ln in lines]
    return keys == sorted(keys)


class Job:
    """One seed's scenario materialized under a prefix, with the reference's state."""

    def __init__(self, sc: dict, prefix: str):
        self.sc, self.prefix = sc, prefix
        self.mat = gen.materialize(sc, prefix)
        self.issued = [[] for _ in sc["tenants"]]  # reference: lines of each issued doc
        self.original = [None for _ in sc["tenants"]]  # C: the original invoice number
        self.diffs: list[str] = []
        self.got: list[list] = [[] for _ in sc["tenants"]]  # per round, per tenant (report)

    def contract(self, i: int) -> R.Contract:
        t = self.mat["tenants"][i]
        return R.Contract(t["base"], t["amendments"])

    def records(self, i: int, upto: int) -> list[dict]:
        out = []
        for rnd in range(upto + 1):
            out += self.sc["tenants"][i]["rounds"][rnd]
        return out


def load(run: Runner, job: Job):
    run.run("site", "load", run.file("site.json", json.dumps(job.mat["site"])))
    for t in job.mat["tenants"]:
        run.run("contract", "load", run.file("k.json", json.dumps(t["base"])))
        for a in t["amendments"]:
            run.run("contract", "load", run.file("a.json", json.dumps(a)))


def ingest(run: Runner, jobs: list[Job], rnd: int):
    rows = [r for j in jobs for r in gen.csv_rows(j.sc, j.mat, rnd)]
    if not rows:
        return
    path = run.file(f"usage{rnd}.csv", gen.CSV_HEADER + "\n" + "\n".join(rows) + "\n")
    rej = path + ".rejects"
    out = run.run("ingest", "-q", "--rejects", rej, path)
    if f"{len(rows)} accepted, 0 duplicates, 0 rejected" not in out:
        bad = open(rej).read() if os.path.exists(rej) else ""
        raise HarnessError(f"ingest of round {rnd}: {out}\nrejected lines:\n{bad}")
    run.run("seal", "-q")


def bill_and_compare(run: Runner, job: Job, rnd: int):
    """Bills each tenant of the job for its period and compares with the reference."""
    period = job.sc["period"]
    for i, t in enumerate(job.mat["tenants"]):
        c = job.contract(i)
        digits = c.digits
        try:
            ref = R.rate_period(c, period, job.records(i, rnd))
        except ValueError as e:
            raise HarnessError(f"the reference cannot rate tenant {i}: {e}")
        if rnd == 0:
            # DESIGN.md "Issued invoices": every period the term covers gets one original
            # invoice, even one without a line (total 0), so that late usage has one to
            # amend; a period wholly outside the (amended) term gets none
            p0, p1 = R.period_bounds(period)
            covered = p0 < c.term_end() and p1 > c.starts
            want = [("invoice", ref)] if ref or covered else []
        else:
            supp, credit = R.diff_documents(ref, job.issued[i], digits)
            want = ([("invoice", supp)] if supp else []) + \
                   ([("credit_note", credit)] if credit else [])
        tenant = t["names"]["tenant"]
        out = run.run("bill", "--period", period, "--tenant", tenant, "--as-of",
                      as_of(period, rnd), "--format", "json", ok=(0, 1))
        docs = json.loads(out) if out.strip() else []
        got = []
        for d in docs:
            number = d["data"]["number"]
            shown = json.loads(run.run("invoice", "show", number, "--tenant", tenant,
                                       "--format", "json"))
            if shown["data"] != d["data"] or shown["kind"] != d["kind"]:
                job.diffs.append(f"tenant {i} round {rnd}: invoice show {number} differs "
                                 f"from what bill printed")
            got.append((shown["kind"], shown["data"]))
        job.got[i].append(got)
        compare(job, i, rnd, want, got, digits)
        for kind, lines in want:
            job.issued[i].append(lines)
        if rnd == 0 and got:
            job.original[i] = got[0][1]["number"]


STATS = {"documents": 0, "lines": 0, "supplementary": 0, "credit_note": 0, "tenants": 0}


def compare(job: Job, i: int, rnd: int, want, got, digits: int):
    where = f"tenant {i} round {rnd}"
    STATS["tenants"] += rnd == 0
    for kind, lines in want:
        STATS["documents"] += 1
        STATS["lines"] += len(lines)
        if rnd > 0:
            STATS["supplementary" if kind == "invoice" else "credit_note"] += 1
    wk = sorted(k for k, _ in want)
    gk = sorted(k for k, _ in got)
    if wk != gk:
        job.diffs.append(f"{where}: documents differ: reference {wk}, leaseledger {gk}")
        return
    for kind, lines in want:
        data = next(d for k, d in got if k == kind)
        exp = sorted(line_tuple(ln) for ln in lines)
        have = sorted(line_tuple(ln) for ln in data["lines"])
        if exp != have:
            only_ref = [x for x in exp if x not in have]
            only_c = [x for x in have if x not in exp]
            job.diffs.append(f"{where} {kind}: lines differ\n  only in reference:\n" +
                             "".join(f"    {' '.join(x)}\n" for x in only_ref) +
                             "  only in leaseledger:\n" +
                             "".join(f"    {' '.join(x)}\n" for x in only_c))
        total = R.total_of(lines, digits)
        if data["total"] != total:
            job.diffs.append(f"{where} {kind}: total {data['total']}, reference {total}")
        if rnd == 0 and not order_ok(data["lines"]):  # (no order is given for differences)
            job.diffs.append(f"{where} {kind}: lines out of billing.md's line order")
        if data["currency"] != job.contract(i).currency or data["period"] != job.sc["period"]:
            job.diffs.append(f"{where} {kind}: currency/period wrong")
        if rnd > 0 and data["amends"] != job.original[i]:
            job.diffs.append(f"{where} {kind}: amends {data['amends']}, "
                             f"want {job.original[i]}")


def run_jobs(run: Runner, jobs: list[Job]):
    """Every job through both rounds in one database; sets job.diffs."""
    for j in jobs:
        load(run, j)
    for rnd in (0, 1):
        ingest(run, jobs, rnd)
        for j in jobs:
            bill_and_compare(run, j, rnd)


# ------------------------------------------------------------------------------ databases


class DB:
    """A database per batch, cloned from a template (or the one PG* names)."""

    def __init__(self, template: str | None, psql: str):
        self.template, self.psql = template, psql

    def admin(self, sql: str):
        subprocess.run([self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c",
                        sql], check=True, capture_output=True,
                       env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"))

    def create(self, name: str) -> str | None:
        if not self.template:
            return None
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name

    def drop(self, name: str | None):
        if name:
            self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ------------------------------------------------------------------------------ shrinking


def _variants(sc: dict):
    """Smaller scenarios: fewer tenants, rounds, amendments, records, tiers, terms."""
    import copy

    def clone():
        return copy.deepcopy(sc)

    ts = sc["tenants"]
    for i in range(len(ts)):
        if len(ts) > 1:
            s = clone()
            del s["tenants"][i]
            yield s
    for i, t in enumerate(ts):
        if t["rounds"][1]:
            s = clone()
            s["tenants"][i]["rounds"][1] = []
            yield s
        for k in range(len(t["amendments"]) - 1, -1, -1):
            s = clone()
            del s["tenants"][i]["amendments"][k]
            yield s
        for rnd in (0, 1):
            recs = t["rounds"][rnd]
            n = len(recs)
            chunk = max(1, n // 2)
            while chunk >= 1:
                for a in range(0, n, chunk):
                    s = clone()
                    drop = recs[a:a + chunk]
                    gone = {r["event"] for r in drop}
                    s["tenants"][i]["rounds"][rnd] = [r for r in recs[:a] + recs[a + chunk:]
                                                      if r["corrects"] not in gone]
                    if rnd == 0:  # corrections of dropped records go too
                        s["tenants"][i]["rounds"][1] = [r for r in t["rounds"][1]
                                                        if r["corrects"] not in gone]
                    yield s
                chunk //= 2
        for docs in [[t["base"]], t["amendments"]]:
            for di, doc in enumerate(docs):
                for gi, g in enumerate(doc.get("gpu", [])):
                    if "overage_tiers" in g:
                        s = clone()
                        d = ([s["tenants"][i]["base"]] if docs is not t["amendments"]
                             else s["tenants"][i]["amendments"])[di]
                        del d["gpu"][gi]["overage_tiers"]
                        yield s
                for field in ("escalator", "minimum_monthly", "sla", "energy"):
                    if field in doc and not (field == "escalator" and doc is not t["base"]):
                        s = clone()
                        d = ([s["tenants"][i]["base"]] if docs is not t["amendments"]
                             else s["tenants"][i]["amendments"])[di]
                        del d[field]
                        yield s


def shrink(sc: dict, try_scenario, budget: int = 200) -> dict:
    """Greedy: take the first smaller variant that still differs, until none does."""
    tries = 0
    changed = True
    while changed and tries < budget:
        changed = False
        for v in _variants(sc):
            tries += 1
            if tries > budget:
                break
            if try_scenario(v):
                sc = v
                changed = True
                break
    return sc


def report(job: Job, out=sys.stdout):
    sc = job.sc
    print(f"=== seed {sc['seed']}: period {sc['period']}, prefix {job.prefix}", file=out)
    for d in job.diffs:
        print("DIFFERENCE: " + d, file=out)
    print(f"--- site:\n{json.dumps(job.mat['site'])}", file=out)
    for i, t in enumerate(job.mat["tenants"]):
        print(f"--- tenant {i} contract:\n{json.dumps(t['base'], indent=1)}", file=out)
        for a in t["amendments"]:
            print(f"--- tenant {i} amendment:\n{json.dumps(a, indent=1)}", file=out)
    for rnd in (0, 1):
        rows = gen.csv_rows(sc, job.mat, rnd)
        print(f"--- usage round {rnd} ({'before the invoice' if rnd == 0 else 'late'}):",
              file=out)
        print("\n".join([gen.CSV_HEADER] + rows), file=out)
    for i in range(len(sc["tenants"])):
        c = job.contract(i)
        issued = []
        for rnd in (0, 1):
            ref = R.rate_period(c, sc["period"], job.records(i, rnd))
            print(f"--- tenant {i} round {rnd}: reference rating (whole period):", file=out)
            for ln in ref:
                print("    " + " ".join(line_tuple(ln)), file=out)
            if rnd == 1:
                supp, credit = R.diff_documents(ref, issued, c.digits)
                for name, ls in (("supplementary", supp), ("credit note", credit)):
                    print(f"--- tenant {i} round 1: reference {name}:", file=out)
                    for ln in ls:
                        print("    " + " ".join(line_tuple(ln)), file=out)
            issued.append(ref)
            for kind, data in (job.got[i][rnd] if rnd < len(job.got[i]) else []):
                print(f"--- tenant {i} round {rnd}: leaseledger {kind} {data['number']} "
                      f"total {data['total']}:", file=out)
                for ln in data["lines"]:
                    print("    " + " ".join(line_tuple(ln)), file=out)


# ------------------------------------------------------------------------------ main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ll", required=True, help="the leaseledger binary")
    ap.add_argument("--seeds", type=int, required=True, help="how many seeds")
    ap.add_argument("--from", dest="first", type=int, default=1, help="first seed (1)")
    ap.add_argument("--batch", type=int, default=100, help="seeds per database (100)")
    ap.add_argument("--jobs", type=int, default=1, help="batches run at once (1)")
    ap.add_argument("--template", help="clone a database per batch from this template")
    ap.add_argument("--psql", default=shutil.which("psql") or "psql")
    ap.add_argument("--cross-term", action="store_true",
                    help="records crossing the contract's start/end (issue 17 point 1)")
    ap.add_argument("--no-shrink", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    opts = gen.Opts(cross_term=args.cross_term)

    tmp = tempfile.mkdtemp(prefix="ldg-difftest.")
    try:
        key = os.environ.get("LEASELEDGER_KEY")
        if not key:
            key = os.path.join(tmp, "key")
            subprocess.run([args.ll, "keygen", "--name", "difftest", "--out", key],
                           check=True, capture_output=True)
        dbs = DB(args.template, args.psql)
        seeds = list(range(args.first, args.first + args.seeds))
        batches = [seeds[k:k + args.batch] for k in range(0, len(seeds), args.batch)]
        t0 = time.monotonic()
        done = [0]

        def run_batch(bi: int):
            bseeds = batches[bi]
            db = dbs.create(f"ldg_difftest_{os.getpid()}_{bi}")
            btmp = tempfile.mkdtemp(dir=tmp)
            try:
                run = Runner(args.ll, db, key, btmp)
                jobs = [Job(gen.scenario(s, opts), f"d{s}") for s in bseeds]
                try:
                    run_jobs(run, jobs)
                except HarnessError as e:
                    return bseeds, None, str(e)
                done[0] += len(bseeds)
                if not args.quiet:
                    print(f"difftest: {done[0]}/{len(seeds)} seeds, "
                          f"{time.monotonic() - t0:.0f} s", flush=True)
                return bseeds, [j for j in jobs if j.diffs], None
            finally:
                dbs.drop(db)
                shutil.rmtree(btmp, ignore_errors=True)

        failed = None
        with ThreadPoolExecutor(max_workers=args.jobs) as ex:
            for bseeds, bad, err in ex.map(run_batch, range(len(batches))):
                if err:
                    print(f"difftest: harness error in seeds {bseeds[0]}..{bseeds[-1]}:\n{err}")
                    return 2
                if bad and failed is None:
                    failed = bad[0]
                    ex.shutdown(wait=False, cancel_futures=True)
                    break
        elapsed = time.monotonic() - t0
        if failed is None:
            print(f"difftest: {len(seeds)} seeds ({seeds[0]}..{seeds[-1]}), no difference, "
                  f"{elapsed:.0f} s: {STATS['tenants']} contracts, {STATS['documents']} "
                  f"documents ({STATS['supplementary']} supplementary invoices, "
                  f"{STATS['credit_note']} credit notes), {STATS['lines']} lines compared")
            return 0
        print(f"difftest: seed {failed.sc['seed']} differs ({elapsed:.0f} s)")
        sc = failed.sc
        if not args.no_shrink:
            db = dbs.create(f"ldg_difftest_{os.getpid()}_shrink")
            run = Runner(args.ll, db, key, tempfile.mkdtemp(dir=tmp))
            n = [0]
            last = [failed]

            def differs(v):
                n[0] += 1
                j = Job(v, f"s{sc['seed']}x{n[0]}")
                try:
                    run_jobs(run, [j])
                except (HarnessError, ValueError):
                    return False
                if j.diffs:
                    last[0] = j
                return bool(j.diffs)

            shrink(sc, differs)
            failed = last[0]
            dbs.drop(db)
            print(f"difftest: shrunk in {n[0]} tries; reproduce with: "
                  f"scripts/difftest 1 --from {sc['seed']}")
        report(failed)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
