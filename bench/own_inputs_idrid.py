"""Does it matter whether a teacher in the ensemble reads photos prepared at its own size, or the
ensemble's larger photos resized inside the ensemble (what mtkd_nb did before)?

    python bench/own_inputs_idrid.py --run RUN [--seeds 3]

For each seed of a pipeline run (mtkd_pipeline --out RUN) whose teachers have different sizes, each
teacher smaller than the largest is scored on its fold's validation photos twice: from its own cache
(RUN/cache_SIZE) and from the largest teacher's cache resized to its size (bilinear, antialiased, as
TeacherEnsemble does without its own input). Reports how often the predicted grade changes and both
accuracies. Writes bench/results/own_inputs_idrid.json.
"""
import argparse, datetime, json
from pathlib import Path
import numpy as np, torch
from mtkd_nb.core import save_json
from mtkd_nb.data.split import load_split
from mtkd_nb.train import load_model
from mtkd_nb.ensemble import TeacherEnsemble
from mtkd_nb.evaluate import eval_loader, collect, score

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--run', required=True); ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args(); torch.set_num_threads(a.threads)
    run, cpu, rows = Path(a.run), torch.device('cpu'), []
    for k in range(a.seeds):
        ts = sorted((run/f'seed_{k}'/'teachers').glob('*.pth'))
        if not ts: break
        ms = {t.stem: load_model(t, cpu) for t in ts}
        big = max(m.config['size'] for m in ms.values()); sp = load_split(run/'split.json', k)
        for n, m in ms.items():
            s = m.config['size']
            if s == big: continue
            own_dl, _ = eval_loader(run/f'cache_{s}', m.tasks, 'val', s, stored=sp, device=cpu)
            rsz_dl, _ = eval_loader(run/f'cache_{big}', m.tasks, 'val', big, stored=sp, device=cpu)
            own = collect(m.eval(), own_dl, progress=False)
            rsz = collect(TeacherEnsemble([m], sizes=[s]).eval(), rsz_dl, progress=False)
            assert own.items.image_id.tolist() == rsz.items.image_id.tolist()
            r = dict(seed=k, teacher=n, size=s, from_size=big, n=len(own))
            for t in own.probs:
                r[f'{t}_changed'] = float((own.probs[t].argmax(1) != rsz.probs[t].argmax(1)).mean())
                r[f'{t}_mean_abs_prob_diff'] = float(np.abs(own.probs[t] - rsz.probs[t]).sum(1).mean() / 2)
            so, sr = score(own, m.tasks, 0, 0, progress=False), score(rsz, m.tasks, 0, 0, progress=False)
            for key in ('dr_accuracy', 'dme_accuracy', 'joint_accuracy', 'dr_qwk'):
                if key in so: r[f'{key}_own'], r[f'{key}_resized'] = so[key]['value'], sr[key]['value']
            print(r, flush=True); rows.append(r)
    save_json(dict(benchmark='own_inputs_idrid', run=str(run), date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                   command=f'python bench/own_inputs_idrid.py --run RUN --seeds {a.seeds}', rows=rows), Path(__file__).parent/'results'/'own_inputs_idrid.json')
    print('wrote bench/results/own_inputs_idrid.json')

if __name__ == '__main__': main()
