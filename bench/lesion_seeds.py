"""The native-resolution lesion benchmark over training seeds: how far does the seed alone move each lesion's AUPR, and does
a goal hold over seeds rather than in one run?

    python bench/lesion_seeds.py bench/results/lesions_native_idrid.json bench/results/lesions_native_idrid_seed1.json \
        bench/results/lesions_native_idrid_seed2.json [--out bench/results/lesions_native_seeds.json]

Reads result files of `bench/lesions_native_idrid.py` that share their folds (the same photos in each) and settings but for
the training seed (anything else is refused, naming the file and what differs), and writes per lesion each seed's mean exact
AUPR over the folds, their mean and sd over the seeds, each seed's per-fold values, and whether the goal is met on the mean
over seeds and in every seed. No training: the numbers are those of the files read.
"""
import argparse, json, sys
from pathlib import Path
import numpy as np
from mtkd_nb.report import save_result, environment, markdown_table

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('results', nargs='+', help='result files of bench/lesions_native_idrid.py, one per training seed')
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'lesions_native_seeds.json'))
    a = ap.parse_args()
    if len(set(a.results)) < 2 or len(set(a.results)) < len(a.results): sys.exit("give at least two different result files (one per training seed)")
    missing = [f for f in a.results if not Path(f).exists()]
    if missing: sys.exit(f"{missing[0]}: no such result file")
    rs = {f: json.loads(Path(f).read_text()) for f in a.results}
    for f, r in rs.items():
        miss = [l for l in r.get('targets', {}) if l not in r.get('lesions', {})]
        if 'folds' not in r or 'settings' not in r or miss: sys.exit(f"{f}: not a complete result of bench/lesions_native_idrid.py ({'lesions ' + ', '.join(miss) if miss else 'no folds or settings'} missing)")
    same = lambda r: {"folds' photos": [f['valid'] for f in r['folds']], "folds' photo sizes": [f['photo_size'] for f in r['folds']], "folds' annotations": [f['annotated'] for f in r['folds']],
                      'prevalences': {l: x['prevalence_folds'] for l, x in r['lesions'].items()}, 'settings (but the seed)': {k: v for k, v in r['settings'].items() if k != 'seed'},
                      **{k: r.get(k) for k in ('patch', 'tta', 'overlap', 'k', 'fold_seed', 'targets', 'choose')}}
    first = next(iter(rs.values())); ref = same(first)
    for f, r in rs.items():
        bad = [k for k in ref if same(r)[k] != ref[k]]
        if bad: sys.exit(f"{f}: other {', '.join(bad)} than {a.results[0]}: not the same benchmark with another seed")
    seeds = [r['settings']['seed'] for r in rs.values()]
    if len(set(seeds)) < len(seeds): sys.exit(f"training seeds {seeds}: each file must hold another seed")
    out = {}
    for l, goal in first['targets'].items():
        v = np.array([r['lesions'][l]['aupr'] for r in rs.values()])
        out[l] = dict(aupr_seeds=v.tolist(), aupr=float(v.mean()), aupr_sd=float(v.std(ddof=1)), folds_by_seed=[r['lesions'][l]['aupr_folds'] for r in rs.values()],
                      goal=goal, met_on_mean=bool(v.mean() >= goal), met_every_seed=bool((v >= goal).all()))
    res = dict(**environment(), files=[Path(f).name for f in rs], seeds=seeds, settings={k: v for k, v in first['settings'].items() if k != 'seed'}, patch=first['patch'], tta=first['tta'], overlap=first['overlap'], k=first['k'], fold_seed=first['fold_seed'], n_photos=first['n_photos'],
               lesions=out, train_minutes=[r['train_minutes'] for r in rs.values()], note='per lesion: each seed\'s mean exact AUPR over its folds (the same folds in every file), their mean and sd over the seeds')
    save_result(res, a.out)
    print(markdown_table({l: dict(mean={'mean': x['aupr'], 'sd': x['aupr_sd']}, **{f's{s}': x['aupr_seeds'][i] for i, s in enumerate(seeds)}, goal=x['goal']) for l, x in out.items()},
                         [*[(f's{s}', f'seed {s}', 3) for s in seeds], ('mean', 'mean ± sd over seeds', 3), ('goal', 'goal', 2)], 'lesion'))
    print(f"wrote {a.out}")

if __name__ == '__main__': main()
