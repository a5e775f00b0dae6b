"""The pipeline's pairs compared on the external set of an existing run: per seed, model a minus model b on the same
held-apart photos (`90_pipeline`'s `external_comparisons`: mean of the per-seed differences, hierarchical bootstrap,
Holm over the secondary metrics), from the per-photo tables the run's evaluate stage kept (`seed_K/eval/*_external.csv`).
Nothing is trained or predicted again; runs made before the compare stage did this themselves get it here.

    python bench/external_paired.py --run RUN [--out bench/results/external_paired.json] [--n_boot 1000]
"""
import argparse, datetime, json
from pathlib import Path
from mtkd_nb.run_compare import PAIRS, external_comparisons
from mtkd_nb.run_layout import RunLayout
from mtkd_nb.report import save_result
from mtkd_nb.data.images import file_hash

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True, help='a pipeline run folder whose split holds an external set apart')
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'external_paired.json'))
    ap.add_argument('--n_boot', type=int, default=1000, help='bootstrap draws (the pipeline default)')
    a = ap.parse_args(); run = RunLayout(a.run)
    try: evs = run.read_evaluations()
    except ValueError as e: raise SystemExit(str(e))
    seeds = list(range(len(evs)))
    if not evs[0].get('external'): raise SystemExit(f"{run}: its split holds no external set apart (split.external)")
    comps = external_comparisons(run, evs, PAIRS, a.n_boot)          # pairs of a reference model (best_member, ...) have no external scores and are left out
    cfg = run.read_config() if run.config_file.exists() else {}
    shas = [file_hash(run.evaluation(k), 'sha256') for k in seeds]
    copies = [RunLayout(p) for p in sorted((Path(__file__).parent/'results').iterdir()) if RunLayout(p).stages_file.exists()]
    published = [c.root.name for c in copies                          # the copy of this run in bench/results, if any
                 if [json.loads(c.stages_file.read_text()).get(f'seed{k}/evaluate', {}).get('result', {}).get('sha256') for k in seeds] == shas]
    out = dict(benchmark='external_paired', run=run.root.name, config=cfg.get('name'), seeds=seeds, n_boot=a.n_boot,
               evaluations=shas, published=published[0] if published else None,     # the evaluations' SHA-256, as in the run's stages.json (seedK/evaluate); its published copy
               n_photos={ds: next(iter(b.values()))['n_images'] for ds, b in evs[0]['external'].items()}, comparisons=comps,
               date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'))
    save_result(out, a.out, RUN=run.root.resolve())
    for ds, block in comps.items():
        for lab, r in block.items():
            q = r['dr_qwk']; print(f"{ds}: {lab}: DR QWK {q['estimate']:+.3f} [{q['ci95'][0]:+.3f}, {q['ci95'][1]:+.3f}] ({q['verdict']})")

if __name__ == '__main__': main()
