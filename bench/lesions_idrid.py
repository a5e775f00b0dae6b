"""Lesion segmentation on IDRiD: per-lesion AUPR and Dice of lesion-aware teachers, their ensemble, the distilled and
the scratch student, on the stored validation folds; with paired comparisons over the seeds.

    python bench/lesions_idrid.py [--data ../shared/data/idrid] [--run /tmp/lesions_run] [--config idrid_lesions_cpu] [--seeds 3]

Runs (or resumes) `mtkd_pipeline --config idrid_lesions_cpu` into RUN: three EfficientNet-Lite0 teachers of one seed that
differ in one choice each (lesion task with BCE + Dice, the same with BCE + Tversky, no lesion task), their ensemble, the
student distilled from it (lesion maps included) and its scratch twin. Lesions are scored against the masks prepared at
816 px (the fundus crop of the 1024-px files at 1:1; predicted maps resampled to them): AUPR exact over each seed's scored
photos (16-bit histograms) with the prevalence beside it, 1000-bin per-photo histograms for the bootstrap, Dice at 0.5.
Then reads the run's per-photo tables and compares under the decision rule of 34_compare (mean of per-seed differences,
hierarchical bootstrap; no primary endpoint among the lesion metrics, so each carries a Holm-adjusted p-value):
  - distilled student vs scratch student, vs each lesion teacher, and the ensemble vs each lesion teacher (lesions);
  - teacher_lesions_tversky vs teacher_lesions (the loss choice) and teacher_lesions vs teacher_nolesions (does lesion
    supervision help grading? DR/DME accuracy, QWK);
  - for every model with an OD mask: the optic-disc centre from its mask vs from its landmark head (`od_from_mask_px - od_px`).
Writes bench/results/lesions_idrid.json and prints the tables for bench/README.md.
"""
import argparse, dataclasses, datetime, sys
from pathlib import Path
from mtkd_nb.core import shared_data
from mtkd_nb.report import save_result, markdown_table, targets_text
from mtkd_nb.pipeline import run_pipeline
from mtkd_nb.run_layout import RunLayout, stage_seconds
from mtkd_nb.scores import Records
from mtkd_nb.compare import compare_models, summarise, findings, COMPARE_METRICS, LESION_METRICS
from mtkd_nb.checkpoints import load_model
from mtkd_nb.figures import plot_lesion_predictions

LESION_COLS = ('aupr_MA', 'aupr_HE', 'aupr_EX', 'aupr_SE', 'aupr_OD', 'lesions_aupr', 'dice_EX', 'dice_HE', 'lesions_dice')
GRADING = ('dr_accuracy', 'dr_qwk', 'dme_accuracy', 'joint_accuracy')
TARGETS = dict(aupr_EX=0.75, aupr_HE=0.50, aupr_SE=0.50)           # issue 19, validation photos at the CPU configuration
WINNERS = dict(aupr_MA=0.502, aupr_HE=0.680, aupr_EX=0.885, aupr_SE=0.700)   # IDRiD 2018 winners, official test photos at 4288 px

def od_from_mask_as_od(r: Records) -> Records:
    "The same records with the optic disc taken from the mask estimate, so `od_px` of the two can be compared pair-wise"
    pts = dict(r.points); pts['od'] = pts.pop('od_from_mask'); return dataclasses.replace(r, points=pts)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data'); ap.add_argument('--run', default='/tmp/lesions_run'); ap.add_argument('--config', default='idrid_lesions_cpu')
    ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--n_boot', type=int, default=1000); ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'lesions_idrid.json'))
    a = ap.parse_args()
    data = Path(a.data) if a.data else shared_data('idrid')
    if data is None: sys.exit("SKIPPED: ../shared/data/idrid not found (pass --data)")
    run = RunLayout(a.run); run_pipeline(data, run.root, a.config, seeds=a.seeds)
    cfg, evs = run.read_config(), [run.read_evaluation(k) for k in range(a.seeds)]; names = list(evs[0]['reports'])
    recs = {n: [run.records(k, n) for k in range(a.seeds)] for n in names}
    metrics = COMPARE_METRICS + LESION_METRICS + tuple(m for m in LESION_COLS if m not in LESION_METRICS)
    summary = {n: summarise([e['reports'][n] for e in evs], metrics) for n in names}
    seg = [n for n in names if 'lesions_aupr' in summary[n]]; lesion_teachers = [t['name'] for t in cfg['teachers'] if 'lesions' in t['tasks'] and t['name'] in seg]
    pairs = {'student (distilled) vs student (scratch)': ('student (distilled)', 'student (scratch)'), **{f'student (distilled) vs {t}': ('student (distilled)', t) for t in lesion_teachers},
             **{f'ensemble vs {t}': ('ensemble', t) for t in lesion_teachers}, **{f'{x} vs {y}': (x, y) for x, y in cfg.get('pairs', [])}}
    comps = compare_models(recs, pairs, metrics, n_boot=a.n_boot)
    od_mask = compare_models({**recs, **{f'{n} (OD from mask)': [od_from_mask_as_od(r) for r in recs[n]] for n in seg if all('od_from_mask' in r.points for r in recs[n])}},
                             {n: (f'{n} (OD from mask)', n) for n in seg}, ('od_px',), n_boot=a.n_boot, primary=('od_px',))      # a family of its own
    od_mask, secs = {n: r['od_px'] for n, r in od_mask.items() if 'od_px' in r}, stage_seconds(run)
    res = dict(date=datetime.date.today().isoformat(), machine='2 CPU cores', config=cfg, run=a.run, n_seeds=a.seeds, n_valid=[e['reports']['ensemble']['n_images'] for e in evs],
               n_valid_masked={n: [int(r.lesions['known'].sum(-1).astype(bool).sum()) for r in recs[n]] for n in seg},
               mask_size=evs[0]['reports'][seg[0]].get('mask_size') if seg else None,
               absent_is_negative=evs[0]['reports'][seg[0]].get('absent_is_negative') if seg else None,
               summary=summary, comparisons=comps, od_from_mask_vs_head=od_mask, targets=TARGETS, winners_4288=WINNERS,
               minutes=round(sum(secs.values()) / 60, 1), stage_seconds=secs)
    if seg and 'student (distilled)' in seg:
        best = max(lesion_teachers, key=lambda t: summary[t]['lesions_aupr']['mean'])
        res['figure'] = str(Path(a.out).with_suffix('.png'))
        models = {f'{best} (teacher)': load_model(run.teacher(0, best), 'cpu'), 'student (distilled)': load_model(run.student(0), 'cpu')}
        fig, res['figure_photos'] = plot_lesion_predictions(run.read_table(0, 'student (distilled)'), models, run.cache, res['mask_size']); fig.savefig(res['figure'], dpi=80)
    save_result(res, a.out, RUN=run.root, DATA=data)
    print(f"\n{a.seeds} seeds, {res['n_valid']} validation photos ({res['n_valid_masked']} with masks), lesions at {res['mask_size']} px "
          f"({'a lesion without a mask file on a masked photo scored as absent' if res['absent_is_negative'] else 'lesions without a mask file not scored'}); mean ± sd over seeds\n")
    print(markdown_table({n: {**summary[n], 'od_mask': summary[n].get('od_from_mask_px')} for n in seg}, [(m, m, 3) for m in LESION_COLS] + [('od_px', 'OD px (head)', 1), ('od_mask', 'OD px (mask)', 1)]))
    print('\n' + markdown_table({n: summary[n] for n in names}, [(m, m, 3) for m in GRADING]))
    grading = lambda lab: ('joint_accuracy', 'dr_qwk') if any(w in lab.split(' vs ', 1)[1] for w in ('scratch', 'nolesions')) else ()    # grades where the pair is about them
    fs = [f for lab, r in comps.items() for f in findings({lab: r}, ('lesions_aupr', 'aupr_EX', 'aupr_HE', 'aupr_SE', 'aupr_MA') + grading(lab))]
    fs += findings({f'{n}: OD from its mask vs from its landmark head': {'od_px': r} for n, r in od_mask.items()})
    print('', *fs, sep='\n- '); print(*targets_text({n: summary[n] for n in seg}, TARGETS), sep='\n')
    print(f"\n{res['minutes']} min of stages; wrote {a.out}")

if __name__ == '__main__': main()
