"""Duplicate search at EyePACS scale: `duplicate_groups` on 10k, 50k and 100k synthetic photos, time and peak memory.

    python bench/audit_scale.py [--sizes 10000 50000 100000] [--repeats 3]

Each photo is a random 256-bit pHash (the audit's fingerprint) and a random MD5; 1 % of them get a
near-copy (0 to 12 of the 256 bits flipped, as a re-encoded photo) and 0.2 % a byte copy (same MD5 and
pHash). Every size runs in its own process, so its peak resident memory (ru_maxrss) is its own; the
recall of the planted pairs must be 1.0. For comparison, the all-pairs Hamming matrix the audit used
before is timed side by side at 4k and 8k photos (it needs n x n memory, so no more).
Target: 100k photos' groups in <= 60 s and <= 1 GB peak on 2 cores. Writes bench/results/audit_scale.json.
"""
import argparse, json, os, resource, subprocess, sys, time, datetime
from pathlib import Path
import numpy as np
from mtkd_nb.report import save_result

def synth(n, seed=0):
    "Hex pHashes and MD5s of `n` photos with planted near-copies and byte copies; the planted pairs"
    rng = np.random.default_rng(seed)
    n_near, n_copy = n // 100, n // 500
    base = n - n_near - n_copy
    H = rng.integers(0, 256, (base, 32), dtype=np.uint8)
    src = rng.choice(base, n_near + n_copy, replace=False)
    near = H[src[:n_near]].copy()
    for r, k in zip(near, rng.integers(0, 13, n_near)):
        idx = rng.choice(256, k, replace=False); r[idx // 8] ^= (1 << (idx % 8)).astype(np.uint8)
    allh = np.concatenate([H, near, H[src[n_near:]]])
    md5 = [f'{x:032x}' for x in rng.integers(0, 2**62, base + n_near)] + [None] * n_copy
    for k, s in enumerate(src[n_near:]): md5[base + n_near + k] = md5[s]
    planted = [(int(s), base + k) for k, s in enumerate(src)]
    return [h.tobytes().hex() for h in allh], md5, planted

def old_all_pairs(hexes, max_bits=12):
    "The audit's previous method: the full n x n Hamming matrix in float32"
    b = np.array([[int(x) for x in bin(int(h, 16))[2:].zfill(256)] for h in hexes], dtype=np.float32)
    return np.argwhere(np.triu((b @ (1 - b).T + (1 - b) @ b.T) <= max_bits, 1))

def one(n, method):
    "Child process: time `method` on n synthetic photos; print JSON"
    import pandas as pd
    from mtkd_nb.data.audit import duplicate_groups
    hexes, md5, planted = synth(n)
    df = pd.DataFrame(dict(phash=hexes, md5=md5))
    t0 = time.perf_counter()
    if method == 'new':
        groups = duplicate_groups(df)
        gid = {i: k for k, g in enumerate(groups) for i in g}
        recall = float(np.mean([gid.get(a, -1) == gid.get(b, -2) for a, b in planted]))
    else:
        pairs = {tuple(p) for p in old_all_pairs(hexes)}
        recall = float(np.mean([(a, b) in pairs or df.md5[a] == df.md5[b] for a, b in planted]))
    secs = time.perf_counter() - t0
    print(json.dumps(dict(n=n, method=method, seconds=round(secs, 3), peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                          recall=recall, n_planted=len(planted))))

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sizes', type=int, nargs='+', default=[10000, 50000, 100000]); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--old_sizes', type=int, nargs='*', default=[4000, 8000]); ap.add_argument('--child', nargs=2)
    a = ap.parse_args()
    if a.child: return one(int(a.child[0]), a.child[1])
    runs = []
    for rep in range(a.repeats):
        for n, m in [(n, 'old') for n in a.old_sizes] + [(n, 'new') for n in a.old_sizes + a.sizes]:
            r = subprocess.run([sys.executable, __file__, '--child', str(n), m], capture_output=True, text=True, check=True)
            runs.append(json.loads(r.stdout.strip().splitlines()[-1])); print(runs[-1], flush=True)
    med = {}
    for r in runs: med.setdefault((r['method'], r['n']), []).append(r)
    rows = [dict(method=m, n=n, seconds=float(np.median([x['seconds'] for x in rs])), peak_rss_mb=float(np.median([x['peak_rss_mb'] for x in rs])),
                 recall=min(x['recall'] for x in rs)) for (m, n), rs in sorted(med.items())]
    res = dict(benchmark='audit_scale', cpus=os.cpu_count(), repeats=a.repeats, date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
               target='100k photos in <= 60 s and <= 1 GB peak', rows=rows, runs=runs)
    out = save_result(res, Path(__file__).parent/'results'/'audit_scale.json')
    for r in rows: print(f"{r['method']:>4} {r['n']:>7}: {r['seconds']:7.2f} s, peak {r['peak_rss_mb']:7.1f} MB, recall {r['recall']:.3f}")
    print(f'wrote {out}')

if __name__ == '__main__': main()
