"""Two finished pipeline runs compared model by model on the same photos: runs that share their stored validation folds
(same data, same `split.seed` and `valid_pct`) score the same photos in each seed, so a model of run A and a model of
run B are compared pair-wise under the decision rule of 34_compare (mean of per-seed differences, hierarchical bootstrap), from the
per-photo tables the runs wrote.

    python bench/runs_paired.py --a RUN_A --b RUN_B [--pair 'MODEL_A=MODEL_B' ...] [--seeds 3] [--out JSON]

RUN_A / RUN_B are `mtkd_pipeline --out` folders (per-photo tables in seed_k/eval/) or their copies in bench/results
(tables in seed_k/). Model names are as in the reports ('ensemble', 'student (distilled)', a teacher's name). Without
--pair the models both runs have are compared. Writes the paired differences and prints one finding per line.
"""
import argparse, datetime, sys
from pathlib import Path
import pandas as pd
from mtkd_nb.report import save_result
from mtkd_nb.scores import records_from_table
from mtkd_nb.compare import compare_pair, decide, finding
from mtkd_nb.run_layout import RunLayout

def table(run: Path, k: int, model: str) -> pd.DataFrame:
    "Seed `k`'s per-photo table of `model` in `run` (a run folder or its bench/results copy)"
    L = RunLayout(run); p = L.table(k, model)
    for p in (p, L.seed(k)/p.name):                   # older copies in bench/results keep the tables in seed_k/
        if p.exists(): return pd.read_csv(p)
    sys.exit(f"{run}: no per-photo table of {model!r} for seed {k} (looked for {L.table(k, model)} and {p})")

def same_folds(a: Path, b: Path, seeds: int):
    "Stop unless the two runs validate on the same photos in every seed"
    for k in range(seeds):
        va, vb = set(RunLayout(a).load_split(k).ids('valid')), set(RunLayout(b).load_split(k).ids('valid'))
        if va != vb: sys.exit(f"seed {k}: {a} and {b} validate on different photos ({len(va ^ vb)} differ); a paired comparison needs the same folds")

def models(run: Path) -> list:
    return list(RunLayout(run).read_evaluation(0)['reports'])

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--a', required=True); ap.add_argument('--b', required=True)
    ap.add_argument('--pair', nargs='*', default=[], help="MODEL_A=MODEL_B; default: the models both runs have, each with itself")
    ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--n_boot', type=int, default=1000); ap.add_argument('--out')
    a = ap.parse_args(argv)
    ra, rb = Path(a.a), Path(a.b)
    same_folds(ra, rb, a.seeds)
    bad = [p for p in a.pair if '=' not in p]
    if bad: sys.exit(f"--pair {bad[0]}: expected MODEL_A=MODEL_B")
    both = set(models(rb))
    pairs = [tuple(p.split('=', 1)) for p in a.pair] or [(m, m) for m in models(ra) if m in both]
    out = {}
    for ma, mb in pairs:
        comp = compare_pair([records_from_table(table(ra, k, ma)) for k in range(a.seeds)],
                            [records_from_table(table(rb, k, mb)) for k in range(a.seeds)], n_boot=a.n_boot)
        out[f'{ma} (A) - {mb} (B)'] = comp
    for lab, comp in decide(out).items():
        ma, mb = lab[:-len(' (B)')].split(' (A) - ')
        for m, r in comp.items(): print(finding(f'{ma} (A)', f'{mb} (B)', m, r))
    res = dict(benchmark='runs_paired', a=str(ra), b=str(rb), seeds=a.seeds, n_boot=a.n_boot, paired=out,
               date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'))
    if a.out: save_result(res, a.out, argv=None if argv is None else ['bench/runs_paired.py', *argv]); print(f'wrote {a.out}')
    return res

if __name__ == '__main__': main()
