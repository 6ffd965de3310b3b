#!/usr/bin/env python3
"""make-fixtures.py - writes the transform, linkage, objection and audit fixtures of
tests/data/scan/ (see README.md there).  Pseudonyms are made with Python's hashlib and hmac, not
with reidrisk's own code, so the tests check the attack against an independent computation.
Deterministic: run it from this directory to regenerate the same files."""
import base64
import csv
import hashlib
import hmac
import random

RNG = random.Random(2385)
# The NHS prefixes the CLI tests attack (--nhs-range 401000000:401050000).
IN_LO, IN_HI = 401000000, 401050000


def check_digit(prefix9):
    s = sum(int(d) * (10 - i) for i, d in enumerate(prefix9))
    c = 11 - s % 11
    return 0 if c == 11 else (None if c == 10 else c)


def valid_numbers(lo, hi, n, taken):
    out = []
    while len(out) < n:
        p9 = '%09d' % RNG.randrange(lo, hi)
        c = check_digit(p9)
        if c is not None and p9 + str(c) not in taken:
            taken.add(p9 + str(c))
            out.append(p9 + str(c))
    return out


def spaced(x):
    return x[:3] + ' ' + x[3:6] + ' ' + x[6:]


def digest(alg, text):
    return hashlib.new(alg, text.encode()).digest()


TRANSFORMS = [  # column, how the pseudonym is made
    ('sha256_upper', lambda x: digest('sha256', x).hex().upper()),
    ('sha1_base64', lambda x: base64.b64encode(digest('sha1', x)).decode()),
    ('sha256_trunc16', lambda x: digest('sha256', x).hex()[:16]),
    ('md5_spaced', lambda x: digest('md5', spaced(x)).hex()),
    ('sha256_spaced_b64url', lambda x: base64.urlsafe_b64encode(
        digest('sha256', spaced(x))).decode().rstrip('=')),
    ('hmac_sha256', lambda x: hmac.new(b'board secret 2.385', x.encode(), 'sha256').hexdigest()),
]


def write(name, header, rows):
    with open(name, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)


def main():
    taken = set()
    inside = valid_numbers(IN_LO, IN_HI, 160, taken)
    outside = valid_numbers(700000000, 800000000, 40, taken)
    people = inside + outside
    write('transforms.csv', [c for c, _ in TRANSFORMS] + ['sex'],
          [[f(x) for _, f in TRANSFORMS] + ['MF'[i % 2]] for i, x in enumerate(people)])
    write('quick-hmac.csv', ['hmac_sha256', 'sex'],
          [[TRANSFORMS[5][1](x), 'FM'[i % 2]] for i, x in enumerate(people)])
    # The earlier release: 70 of the same people (lower-case hex, the same SHA-256) and 50 others.
    others = valid_numbers(IN_LO, IN_HI, 50, taken)
    write('transforms-previous.csv', ['sha256_upper', 'sex'],
          [[digest('sha256', x).hex(), 'F'] for x in people[:70] + others])
    # Objections by NHS number in every written form (plain, spaced, hyphens, quoted, CRLF), with a
    # heading, a comment and a repeat: 13 distinct entries, 8 of them in transforms.csv (two of
    # those outside the attacked range, found by hashing the objector).
    absent = valid_numbers(IN_LO, IN_HI, 5, taken)
    rows = ['nhs_number,reason', people[0] + ',type 1', spaced(people[1]) + ',type 1',
            people[2][:3] + '-' + people[2][3:6] + '-' + people[2][6:] + ',national opt-out',
            '"%s",type 1' % people[3], '# withdrawn later: still listed', people[4] + '\r',
            people[5], people[170], people[180], people[0]]  # a repeat counts once
    rows += absent
    open('objections-forms.txt', 'w', newline='').write('\n'.join(rows) + '\n')
    # Objections as pseudonyms made like sha256_upper, in three encodings; 6 of the 8 are in.
    p = [digest('sha256', x) for x in people[10:16]]
    rows = ['pseudonym', p[0].hex(), p[1].hex().upper(), p[2].hex(), p[3].hex().upper(),
            p[4].hex(), p[5].hex()]
    rows += [digest('sha256', x).hex() for x in absent[:2]]
    open('objections-pseudonyms-sha256.txt', 'w').write('\n'.join(rows) + '\n')
    # A release for audit: SHA-256 pseudonyms, an NHS number column, free text with identifiers.
    audit_rows = []
    for i, x in enumerate(people[:40]):
        note = ['stable', 'review in 6 weeks', 'seen by Grace Evans',
                'copy to k.shah@example.org'][i % 4]
        audit_rows.append([digest('sha256', x).hex(), spaced(x) if i % 2 else x,
                           ['LS6 2AB', 'M13 9PL', 'B15 2TT'][i % 3],
                           '19%02d-%02d-%02d' % (40 + i, 1 + i % 12, 1 + i % 28), 'MF'[i % 2], note])
    write('audit-release.csv', ['pseudonym', 'nhs_number', 'postcode', 'date_of_birth', 'sex',
                                'notes'], audit_rows)


if __name__ == '__main__':
    main()
