"""Leave one brief out: operating points (per budget) chosen on short-note validation alone (today's protocol) or on
every other brief's validation pooled, then measured on the left-out brief's validation. Learned readout, v15."""
import json, random
S = ['validation', 'longform-validation', 'documents-validation', 'agents-validation', 'engineering-validation']
grid = {s: json.load(open(f'grid-{s}.json')) for s in S}
budgets = ['16', '32', '64', '128', '1x oracle', '1.5x oracle', '2x oracle']
def table(s):
    return {(r['point'], r['budget']): r['cases'] for r in grid[s]}
T = {s: table(s) for s in S}
points = sorted({p for (p, b) in T['validation']})
mean = lambda xs: sum(xs) / len(xs)
def choose(splits, b):
    best = None
    for p in points:
        # pooled: every split's cases count alike (a case-weighted mean)
        cs = [c for s in splits for c in T[s][(p, b)]]
        r, d = mean([c['recall'] for c in cs]), mean([c['delivered'] for c in cs])
        if best is None or r > best[1] + 1e-9 or (abs(r - best[1]) <= 1e-9 and d < best[2]): best = (p, r, d)
    return best[0]
def boot(diffs, n=2000, seed=1):
    rng = random.Random(seed); m = []
    for _ in range(n): m.append(mean([diffs[rng.randrange(len(diffs))] for _ in diffs]))
    m.sort(); return mean(diffs), m[int(0.025 * n)], m[int(0.975 * n)]
tally = {}
for held in S[1:]:
    others = [s for s in S if s != held]
    for b in budgets:
        pa, pb = choose(['validation'], b), choose(others, b)
        ca, cb = T[held][(pa, b)], T[held][(pb, b)]
        dr = boot([y['recall'] - x['recall'] for x, y in zip(ca, cb)]); dd = boot([y['delivered'] - x['delivered'] for x, y in zip(ca, cb)])
        v = ('better' if dd[1] <= 0 else 'more recall, more tokens') if dr[1] > 0 else (('worse' if dd[2] >= 0 else 'less recall, fewer tokens') if dr[2] < 0 else 'tie')
        tally[v] = tally.get(v, 0) + 1
        print(f'{held:24s} {b:12s} short-notes {pa:28s} {mean([c["recall"] for c in ca])*100:5.1f}% @{mean([c["delivered"] for c in ca]):6.1f} | pooled {pb:28s} {mean([c["recall"] for c in cb])*100:5.1f}% @{mean([c["delivered"] for c in cb]):6.1f} | {dr[0]*100:+.1f} ({dr[1]*100:+.1f} to {dr[2]*100:+.1f}) {v}')
print(tally)
