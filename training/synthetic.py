"""Small synthetic episodes in the coordbench schema, for developing and smoke-testing
the pipeline before coordbench's own episodes exist. The shipped model never sees them:
train.py fits only on coordbench's train split.

    python3 training/synthetic.py --out training/data/synthetic.jsonl --episodes 200
"""
from __future__ import annotations

import argparse
import json
import random

PEOPLE = ['alice', 'bruno', 'chen', 'dara', 'emil', 'fatou', 'goran', 'hana']
ATTRS = {'city': ['paris', 'lima', 'oslo', 'kyoto', 'accra'], 'colour': ['red', 'blue', 'green', 'amber'],
         'pet': ['cat', 'dog', 'owl', 'newt']}
FILLER = ['The weather was mild today.', 'I checked the logs twice.', 'Nothing else to report.',
          'The meeting ran long.', 'Please confirm when done.']


def episode(rng: random.Random, split: str, seed: int) -> dict:
    agents = ['planner', 'scout', 'writer']
    messages, queries, facts = [], [], {}
    for step in range(rng.randint(3, 7)):
        sender, receiver = rng.sample(agents, 2)
        segments = []
        for i in range(rng.randint(2, 5)):
            if rng.random() < 0.5:
                person, attr = rng.choice(PEOPLE), rng.choice(list(ATTRS))
                text = f"{person.title()}'s {attr} is {rng.choice(ATTRS[attr])}."
                facts[(person, attr)] = f's{step}.{i}'
            else:
                text = rng.choice(FILLER)
            segments.append({'id': f's{step}.{i}', 'text': text})
        messages.append({'step': step, 'from': sender, 'to': receiver, 'channel': f'{sender}->{receiver}',
                         'text': ' '.join(s['text'] for s in segments), 'segments': segments})
        if facts and rng.random() < 0.7:
            person, attr = rng.choice(sorted(facts))
            queries.append({'afterStep': step, 'receiver': receiver,
                            'query': f"Find {person.title()}'s {attr}.", 'needs': [facts[(person, attr)]]})
    return {'family': 'multihop', 'split': split, 'seed': seed, 'id': f'synthetic-{split}-{seed}',
            'messages': messages, 'queries': queries}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', required=True)
    parser.add_argument('--episodes', type=int, default=200)
    args = parser.parse_args()
    with open(args.out, 'w') as out:
        for split, share in (('train', 0.8), ('validation', 0.1), ('test', 0.1)):
            for seed in range(int(args.episodes * share)):
                rng = random.Random(f'{split}:{seed}')
                out.write(json.dumps(episode(rng, split, seed)) + '\n')


if __name__ == '__main__':
    main()
