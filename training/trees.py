"""Boosted trees on top of the score head (v16): gradient-boosted regression trees, fitted with a pairwise ranking
loss (xgboost's rank:pairwise, one group per query), that start from the MLP head's score as each slot's base margin
and learn what to add to it. Exported into the score graph as one ONNX TreeEnsembleRegressor (domain ai.onnx.ml)
whose output is added to the MLP's.

Why on top of the head and not instead of it: trees alone (the same loss) ranked as well on validation but read
less of long notes' relay at a budget, where the MLP was right; boosting from the MLP kept its relay and added the
trees' multihop (docs/coordinator.md, "Version 16"; bench/results/v15/trees-candidate.txt).

xgboost (Debian's python3-xgboost) is a training-time dependency only: the runtime runs the exported graph. It is
imported where it is used, so that training the head alone (train.py --trees-rounds 0) does not need it.
"""
from __future__ import annotations

import json

import numpy as np


def ranking_rows(cases: list[dict], cross: int, weight_of) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every scored slot with a label (needed 1, not 0; left-out slots dropped) as rows: features N×C, labels N,
    the size of each query's group and each group's weight (its case's, `weight_of(case)`)."""
    features, labels, sizes, weights = [], [], [], []
    for case in cases:
        weight = float(weight_of(case))
        for query in case['queries']:
            kept = np.asarray(query['labels']) >= 0
            if not kept.any():
                continue
            features.append(np.asarray(query['cross'], dtype=np.float32).reshape(-1, cross)[kept])
            labels.append(np.asarray(query['labels'], dtype=np.float32)[kept])
            sizes.append(int(kept.sum()))
            weights.append(weight)
    return np.concatenate(features), np.concatenate(labels), np.asarray(sizes), np.asarray(weights, dtype=np.float32)


OBJECTIVES = ('rank:pairwise', 'rank:ndcg', 'rank:map')


def fit(features: np.ndarray, labels: np.ndarray, sizes: np.ndarray, weights: np.ndarray, base: np.ndarray,
        rounds: int, depth: int, eta: float, seed: int, objective: str = 'rank:pairwise'):
    """Trees whose sum, added to `base` (the head's score of each row), ranks each query's needed slots above the
    rest. No row or column sampling, and one thread (threads would sum histograms in another order), so a fit gives
    the same trees on any machine; it takes seconds."""
    import xgboost as xgb

    matrix = xgb.DMatrix(features, label=labels)
    matrix.set_group(sizes)
    matrix.set_weight(weights)
    matrix.set_base_margin(base)
    params = {'objective': objective, 'max_depth': depth, 'eta': eta, 'min_child_weight': 1, 'subsample': 1.0,
              'tree_method': 'hist', 'nthread': 1, 'seed': seed}
    return xgb.train(params, matrix, num_boost_round=rounds)


def added(booster, features: np.ndarray) -> np.ndarray:
    """What the trees add to each row's score (…×C → …)."""
    import xgboost as xgb

    flat = np.ascontiguousarray(features, dtype=np.float32).reshape(-1, features.shape[-1])
    matrix = xgb.DMatrix(flat)
    matrix.set_base_margin(np.zeros(len(flat), dtype=np.float32))
    return booster.predict(matrix, output_margin=True).reshape(features.shape[:-1])


def saved(booster) -> str:
    """The booster as xgboost's JSON model (what a checkpoint keeps)."""
    return booster.save_raw('json').decode()


def loaded(text: str):
    import xgboost as xgb

    booster = xgb.Booster()
    booster.load_model(bytearray(text.encode()))
    return booster


def of_checkpoint(saved: dict):
    """A checkpoint's trees, or None for a head alone (v15 and before, or --trees-rounds 0)."""
    return loaded(saved['trees']) if saved.get('trees') else None


def checkpoint_score(model, saved: dict):
    """A checkpoint's score as the exported graph computes it: its head's (`model`, loaded from `saved`), plus its
    trees' where it has them. (…×M×C cross, …×M slot mask) → …×M, on the CPU."""
    import torch

    booster = of_checkpoint(saved)

    def score(cross, slot_mask):
        scores = model.score(cross, slot_mask)
        if booster is not None:
            scores = scores + torch.from_numpy(added(booster, cross.numpy()).astype(np.float32))
        return scores

    return score


def ensemble_attributes(booster) -> dict:
    """xgboost's trees as TreeEnsembleRegressor attributes: a split sends x < value to its left child, as xgboost's
    does; a leaf's weight is its output. No base value: the head's score is the base."""
    trees = json.loads(booster.save_raw('json'))['learner']['gradient_booster']['model']['trees']
    a: dict[str, list] = {k: [] for k in (
        'nodes_treeids', 'nodes_nodeids', 'nodes_featureids', 'nodes_values', 'nodes_modes', 'nodes_truenodeids',
        'nodes_falsenodeids', 'nodes_missing_value_tracks_true', 'target_treeids', 'target_nodeids', 'target_ids',
        'target_weights')}
    for t, tree in enumerate(trees):
        left, right = tree['left_children'], tree['right_children']
        for j, child in enumerate(left):
            leaf = child == -1
            a['nodes_treeids'].append(t)
            a['nodes_nodeids'].append(j)
            a['nodes_featureids'].append(0 if leaf else tree['split_indices'][j])
            a['nodes_values'].append(0.0 if leaf else float(np.float32(tree['split_conditions'][j])))
            a['nodes_modes'].append('LEAF' if leaf else 'BRANCH_LT')
            a['nodes_truenodeids'].append(0 if leaf else child)
            a['nodes_falsenodeids'].append(0 if leaf else right[j])
            a['nodes_missing_value_tracks_true'].append(0 if leaf else int(tree['default_left'][j]))
            if leaf:
                a['target_treeids'].append(t)
                a['target_nodeids'].append(j)
                a['target_ids'].append(0)
                a['target_weights'].append(float(np.float32(tree['base_weights'][j])))
    return a


def add_to_score_graph(model, booster, cross: int):
    """The score graph (an onnx.ModelProto whose output `scores` is the head's, B×M) with the trees' sum added: the
    B×M×C cross features flattened to rows, one TreeEnsembleRegressor, reshaped back to the slots'. A masked slot
    keeps the head's −1e4 plus what the trees add (finite, far below any real score)."""
    from onnx import TensorProto, helper

    graph = model.graph
    for node in graph.node:
        node.output[:] = ['head_scores' if o == 'scores' else o for o in node.output]
    graph.initializer.append(helper.make_tensor('tree_rows_shape', TensorProto.INT64, [2], [-1, cross]))
    graph.node.extend([
        helper.make_node('Shape', ['slot_mask'], ['slots_shape']),
        helper.make_node('Reshape', ['cross', 'tree_rows_shape'], ['tree_rows']),
        helper.make_node('TreeEnsembleRegressor', ['tree_rows'], ['tree_sums'], domain='ai.onnx.ml', n_targets=1,
                         aggregate_function='SUM', base_values=[0.0], post_transform='NONE',
                         **ensemble_attributes(booster)),
        helper.make_node('Reshape', ['tree_sums', 'slots_shape'], ['tree_scores']),
        helper.make_node('Add', ['head_scores', 'tree_scores'], ['scores']),
    ])
    model.opset_import.append(helper.make_opsetid('ai.onnx.ml', 3))
    return model


def cost(booster) -> dict:
    """Trees, their nodes, and the splits a slot passes through at most (the sum of the trees' depths)."""
    trees = json.loads(booster.save_raw('json'))['learner']['gradient_booster']['model']['trees']

    def depth(tree: dict, node: int = 0) -> int:
        child = tree['left_children'][node]
        return 0 if child == -1 else 1 + max(depth(tree, child), depth(tree, tree['right_children'][node]))

    return {'trees': len(trees), 'tree_nodes': sum(len(t['left_children']) for t in trees),
            'tree_splits_per_slot': sum(depth(t) for t in trees)}
