"""The landmark models of bench/landmarks_idrid.py on camera originals: `mtkd_predict --refine` on the 16 IDRiD photos of
../shared/data/idrid-fullres-sample (4288 x 2848), errors in the originals' pixels, and the figure bench/results/landmarks_fullres.png.

    python bench/landmarks_fullres.py [--work /tmp/landmarks] [--photos ../shared/data/idrid-fullres-sample]

Each photo is predicted by the models of the seed whose validation fold holds it (heatmap head + refiners); photos in no
validation fold are predicted by seed 0's models, which trained on them, and are reported apart. The truth is the IDRiD
localisation CSV (given at 1024 x 680 in ../shared/data/idrid) scaled to the original width.
"""
import argparse, json, sys, datetime
from pathlib import Path
import numpy as np, pandas as pd
import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
from mtkd_nb.core import shared_data, run_command
from mtkd_nb.report import save_result
from mtkd_nb.data.idrid import read_idrid
from mtkd_nb.data.plan import load_split
from mtkd_nb.scores import DISC_DIAMETER
from mtkd_nb.data.images import read_fundus
from mtkd_nb.data.prepare import fundus_box
from mtkd_nb.figures import plot_prediction

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--work', default='/tmp/landmarks'); ap.add_argument('--photos'); ap.add_argument('--seeds', type=int, default=3)
    a = ap.parse_args()
    photos, idrid = Path(a.photos) if a.photos else shared_data('idrid-fullres-sample'), shared_data('idrid')
    if photos is None or idrid is None: sys.exit("SKIPPED: ../shared/data/idrid-fullres-sample or idrid not found")
    w = Path(a.work)
    truth = read_idrid(idrid).assign(stem=lambda d: d.name.str.replace(r'\.\w+$', '', regex=True)).set_index('image_id')
    files = sorted(photos.glob('*.jpg'))
    roles = {k: load_split(w/'split.json', k) for k in range(a.seeds)}
    rows = []
    for f in files:
        iid = f'train/{f.stem}'
        k = next((k for k, s in roles.items() if s.roles.get(iid) == 'valid'), None)
        seed = 0 if k is None else k
        refs = [w/f'refine_{n}_seed{seed}.pth' for n in ('od', 'fovea') if (w/f'refine_{n}_seed{seed}.pth').exists()]
        r = run_command(['mtkd_predict', w/f'heatmap_seed{seed}.pth', f, '--json', '--cpu', *(['--refine', ','.join(map(str, refs))] if refs else [])])
        if r.returncode: sys.exit(r.stderr)
        rec = json.loads(r.stdout)[0]; t = truth.loc[iid]; s = rec['width'] / t.width
        b = fundus_box(read_fundus(f))
        row = dict(photo=f.name, seed=seed, held_out=k is not None, width=rec['width'], disc_px=DISC_DIAMETER * (b[2] - b[0]), rec=rec,
                   truth={f'{n}_{c}': t[f'{n}_{c}'] * s for n in ('od', 'fovea') for c in 'xy'})
        for n in ('od', 'fovea'):
            rec.setdefault(f'{n}_coarse_x', rec[f'{n}_x']); rec.setdefault(f'{n}_coarse_y', rec[f'{n}_y'])
            for est in ('', '_coarse'):
                row[f'{n}{est}_err_px'] = float(np.hypot(rec[f'{n}{est}_x'] - row['truth'][f'{n}_x'], rec[f'{n}{est}_y'] - row['truth'][f'{n}_y']))
        rows.append(row); print(f"{f.name} (seed {seed}{'' if k is not None else ', trained on'}): OD {row['od_coarse_err_px']:.0f} -> {row['od_err_px']:.0f} px, "
                                f"fovea {row['fovea_coarse_err_px']:.0f} -> {row['fovea_err_px']:.0f} px", flush=True)
    fig, axs = plt.subplots(4, 4, figsize=(16, 11))
    for ax, row in zip(axs.flat, rows):
        plot_prediction(row['rec'], row['truth'], ax=ax)
        ax.set_title(f"{row['photo']}{'' if row['held_out'] else ' (trained on)'}: OD {row['od_err_px']:.0f} px, fovea {row['fovea_err_px']:.0f} px", fontsize=9)
    for ax in axs.flat[len(rows):]: ax.axis('off')
    fig.suptitle('mtkd_predict --refine on IDRiD camera originals (4288 px): + prediction, o annotation; cyan fovea, lime optic disc', fontsize=11)
    fig.tight_layout(); out = Path(__file__).parent/'results'/'landmarks_fullres.png'; fig.savefig(out, dpi=60); print('wrote', out)
    df = pd.DataFrame([{k: v for k, v in r.items() if k not in ('rec', 'truth')} for r in rows])
    summ = {}
    for grp, d in (('held_out', df[df.held_out]), ('all', df)):
        summ[grp] = dict(n=len(d), **{f'{n}{e}_mean_px': float(d[f'{n}{e}_err_px'].mean()) for n in ('od', 'fovea') for e in ('', '_coarse')},
                         od_within_radius=float((d.od_err_px <= d.disc_px / 2).mean()), fovea_within_radius=float((d.fovea_err_px <= d.disc_px / 2).mean()))
    print(json.dumps(summ, indent=1))
    save_result(dict(benchmark='landmarks_fullres', date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                   summary=summ, photos=df.to_dict('records'), note='disc diameter: DISC_DIAMETER of the width of the fundus (fundus_box), as in mtkd_evaluate'),
              Path(__file__).parent/'results'/'landmarks_fullres.json', PHOTOS=photos, WORK=w)

if __name__ == '__main__': main()
