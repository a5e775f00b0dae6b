"""Training and inference speed of the lesion network (15_lesion_unet) in each compute mode (12b_compute: fp32, bf16
autocast, channels last, both), side by side in one run (the modes interleaved), at the crop size and batch it trains
with and at the window size it predicts with; the mode `auto` would pick.

    python bench/lesion_speed.py [--arch efficientnet_lite0] [--size 384] [--bs 8] [--steps 3] [--repeats 3] [--model RUN/fold_0.pth --n_photos 3]

Writes bench/results/lesion_speed.json: one row per phase (train: forward, loss, backward, SGD step; infer: forward
under no_grad, batch 4 as `predict_lesions` runs it) and mode, with crops per second and the ratio to fp32; with
--model, the seconds `lesion_probabilities` takes per camera original of ../shared/data/idrid-fullres-sample (4288 px,
resized to the width the network learnt at, windows with flip TTA, maps back at 4288 px), after one photo of warm-up.
"""
import argparse, time
import numpy as np
from pathlib import Path
from mtkd_nb.compute import mode_flags, measure_modes
from mtkd_nb.lesion_unet import LesionUNet, LesionSettings, load_lesion_model
from mtkd_nb.report import save_result, environment
from mtkd_nb.core import shared_data
from mtkd_nb.data.images import read_fundus
from mtkd_nb.lesion_window import lesion_probabilities

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--arch', default=LesionSettings.arch); ap.add_argument('--size', type=int, default=384); ap.add_argument('--bs', type=int, default=LesionSettings.bs)
    ap.add_argument('--steps', type=int, default=3); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--model'); ap.add_argument('--n_photos', type=int, default=3)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'lesion_speed.json'))
    a = ap.parse_args()
    make, rows, best = (lambda: LesionUNet(a.arch, pretrained=False)), [], {}
    for phase, bs in (('train', a.bs), ('infer', 4)):
        r = measure_modes(make, a.size, bs, train=phase == 'train', steps=a.steps, repeats=a.repeats)
        rows += [dict(arch=a.arch, size=a.size, bs=bs, phase=phase, mode=m, precision='bf16' if mode_flags(m)[0] else 'fp32', channels_last=mode_flags(m)[1],
                      crops_per_s=round(v, 3), vs_fp32=round(v / r['fp32'], 3)) for m, v in r.items()]
        top = max(r, key=r.get); best[phase] = dict(fastest=top, ratio=round(r[top] / r['fp32'], 3), auto=top if r[top] >= 1.1 * r['fp32'] else 'fp32')
        print(f"lesion U-Net {a.arch}@{a.size} {phase}: " + ', '.join(f"{m} {v:.2f}/s ({v / r['fp32']:.2f}x)" for m, v in r.items()), flush=True)
    camera, orig = None, shared_data('idrid-fullres-sample')
    if a.model and orig is not None:
        net, files = load_lesion_model(a.model), sorted(orig.glob('*.jpg'))[:max(1, a.n_photos) + 1]
        secs = []
        for f in files:
            img = np.asarray(read_fundus(f)); t0 = time.perf_counter(); p = lesion_probabilities(net, img); secs.append(time.perf_counter() - t0)   # the first: warm-up
        camera = dict(photo_size=list(img.shape[1::-1]), model_width=net.config.get('width'), window=net.config.get('patch'), maps_size=list(p.shape[:0:-1]),
                      seconds_per_photo=round(float(np.mean(secs[1:])), 2), photos=len(secs) - 1, compute='bf16+cl', tta=True)
        print(f"camera originals {camera['photo_size']}: {camera['seconds_per_photo']} s per photo (maps at {camera['maps_size']})")
    save_result(dict(benchmark='lesion_speed', **environment(), steps=a.steps, repeats=a.repeats, rows=rows, best=best, camera=camera), a.out, MODEL=None if not a.model else str(Path(a.model).parent))
    print(f'wrote {a.out}')
