#!/usr/bin/env python3
"""Writes a camt.053.001.02 bank-to-customer statement of N booked USD credit entries for
bench/payment_bench.sh, deterministic for a seed.

Entry k (1-based) is payment BENCH-PAY-kkkkkkkk. Its reference names invoice
B<t>-<year>-<nnnnnn> of tenant bench-<tttt> (t = 1..tenants, nnnnnn = 1..invoices, the
numbers payment_bench.sh inserts), except every --unmatched-every-th entry, whose
reference and payer name nothing (held as unmatched). Amounts are whole cents
(1.00..99,999.99), booked on a date of 2027.

Usage: bench/gen_camt.py N --tenants K --invoices I [--unmatched-every U] [--seed S]
"""
import argparse
import random
import sys

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>BENCH-STMT</MsgId><CreDtTm>2027-12-31T23:00:00Z</CreDtTm></GrpHdr>
    <Stmt>
      <Id>BENCH-STMT-2027</Id>
      <CreDtTm>2027-12-31T23:00:00Z</CreDtTm>
      <Acct><Id><IBAN>US00BENCH000000000000001</IBAN></Id><Ccy>USD</Ccy></Acct>
"""
ENTRY = """      <Ntry>
        <NtryRef>N-{k}</NtryRef>
        <Amt Ccy="USD">{amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{day}</Dt></BookgDt>
        <ValDt><Dt>{day}</Dt></ValDt>
        <AcctSvcrRef>BENCH-PAY-{k:08d}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><DbtrAcct><Id><IBAN>{payer}</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf><Ustrd>{reference}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
"""
TAIL = """    </Stmt>
  </BkToCstmrStmt>
</Document>
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--tenants", type=int, required=True)
    ap.add_argument("--invoices", type=int, required=True)
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--unmatched-every", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    out = sys.stdout
    out.write(HEAD)
    for k in range(1, a.n + 1):
        cents = rnd.randrange(100, 10_000_000)
        day = "2027-%02d-%02d" % (rnd.randrange(1, 13), rnd.randrange(1, 29))
        if a.unmatched_every and k % a.unmatched_every == 0:
            reference = "Payment for services %d" % k
            payer = "GB00UNKN%014d" % k
        else:
            t = rnd.randrange(1, a.tenants + 1)
            i = rnd.randrange(1, a.invoices + 1)
            reference = "Invoice B%d-%d-%06d" % (t, a.year, i)
            payer = "US00BNCH%014d" % t
        out.write(ENTRY.format(k=k, amount="%d.%02d" % (cents // 100, cents % 100),
                               day=day, payer=payer, reference=reference))
    out.write(TAIL)


if __name__ == "__main__":
    main()
