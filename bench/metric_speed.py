"""The cost of the bootstraps behind every interval: `12_metrics`' macro AUC and quadratic kappa against scikit-learn's
`roc_auc_score` and `cohen_kappa_score` (the same values; the library's input checks dominate at bootstrap sizes), each
timed alone and inside what the pipeline runs: a model's scores with their photo bootstrap (`30_evaluate`'s `score`, as in
the evaluate stage) and one paired comparison over three seeds (`34_compare`'s `compare_pair`, as in the compare stage),
both sides interleaved in one run, on a published run's per-photo tables.

    python bench/metric_speed.py [--run bench/results/pipeline_idrid_cpu] [--n_boot 1000] [--repeats 3]

Writes bench/results/metric_speed.json: per measurement the median seconds with scikit-learn's functions swapped in and
with the package's, their ratio, and the largest difference of the values they return.
"""
import argparse, datetime, os, time
from pathlib import Path
import numpy as np, torch
from sklearn.metrics import roc_auc_score, cohen_kappa_score
import mtkd_nb.scores as E
from mtkd_nb.metrics import macro_auc, quadratic_kappa
from mtkd_nb.scores import score
from mtkd_nb.compare import compare_pair, COMPARE_METRICS
from mtkd_nb.report import save_result
from mtkd_nb.run_layout import RunLayout

def sk_auc(y, p):
    "The reference: scikit-learn's one-vs-rest AUC averaged over the classes with positives and negatives"
    a = [roc_auc_score(y == c, p[:, c]) for c in range(p.shape[1]) if 0 < (y == c).sum() < len(y)]
    return float(np.mean(a)) if a else None

def sk_kappa(y, p):
    "The reference: scikit-learn's quadratic weighted kappa"
    return float(cohen_kappa_score(y, p.argmax(-1), weights='quadratic', labels=list(range(p.shape[1]))))

IMPLS = {'scikit-learn': (sk_auc, sk_kappa), 'mtkd_nb': (macro_auc, quadratic_kappa)}

def timed(fn, impl):
    "Seconds to run `fn()` with `impl`'s AUC and kappa in the evaluation module (where `score` and `compare_pair` find them), and its value"
    E.macro_auc, E.quadratic_kappa = IMPLS[impl]
    try: t = time.perf_counter(); v = fn(); return time.perf_counter() - t, v
    finally: E.macro_auc, E.quadratic_kappa = IMPLS['mtkd_nb']

def flat(v):
    "The numbers of a nested result, in order"
    if isinstance(v, dict): return [x for k in sorted(v) for x in flat(v[k])]
    if isinstance(v, (list, tuple)): return [x for e in v for x in flat(e)]
    return [float(v)] if isinstance(v, (int, float, np.floating)) and not isinstance(v, bool) else []

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', default=str(Path(__file__).parent/'results'/'pipeline_idrid_cpu'))
    ap.add_argument('--n_boot', type=int, default=1000); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'metric_speed.json'))
    a = ap.parse_args()
    run = RunLayout(a.run)
    ens, scr = [run.records(k, 'ensemble') for k in range(3)], [run.records(k, 'student (scratch)') for k in range(3)]
    m = ens[0].labels['dr'] >= 0; y, p = ens[0].labels['dr'][m], ens[0].probs['dr'][m]
    rng = np.random.default_rng(0)
    draws = [rng.integers(0, len(y), len(y)) for _ in range(200)]
    cases = {   # name: what it runs
        f'macro AUC, {len(draws)} bootstrap draws of {len(y)} photos': lambda: [E.macro_auc(y[i], p[i]) for i in draws],
        f'quadratic kappa, {len(draws)} bootstrap draws of {len(y)} photos': lambda: [E.quadratic_kappa(y[i], p[i]) for i in draws],
        f'score: one model, 4 tasks, n_boot {a.n_boot}': lambda: score(ens[0], ['dr', 'dme', 'fovea', 'od'], a.n_boot),
        f'compare_pair: ensemble vs scratch student, 3 seeds, n_boot {a.n_boot}': lambda: compare_pair(ens, scr, COMPARE_METRICS, n_boot=a.n_boot),
    }
    rows = []
    for name, fn in cases.items():
        t = {k: [] for k in IMPLS}; vals = {}
        for _ in range(a.repeats):
            for impl in IMPLS:                                   # interleaved: both sides see the same load
                s, vals[impl] = timed(fn, impl); t[impl].append(s)
        ref, new = flat(vals['scikit-learn']), flat(vals['mtkd_nb'])
        assert len(ref) == len(new), name
        diff = max((abs(x - z) for x, z in zip(ref, new) if not (np.isnan(x) and np.isnan(z))), default=0.)
        med = {k: float(np.median(v)) for k, v in t.items()}
        rows.append(dict(measure=name, seconds_sklearn=round(med['scikit-learn'], 4), seconds_mtkd_nb=round(med['mtkd_nb'], 4),
                         speedup=round(med['scikit-learn'] / med['mtkd_nb'], 2), max_abs_difference=diff))
        print(f"{name}: scikit-learn {med['scikit-learn']:.3f} s, mtkd_nb {med['mtkd_nb']:.3f} s ({rows[-1]['speedup']:.1f}x), max |difference| {diff:.2e}", flush=True)
    save_result(dict(benchmark='metric_speed', run=str(run), n_boot=a.n_boot, repeats=a.repeats, threads=torch.get_num_threads(), cpus=os.cpu_count(),
                     date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'), rows=rows), a.out)
    print(f'wrote {a.out}')
