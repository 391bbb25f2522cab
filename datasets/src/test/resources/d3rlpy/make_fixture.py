"""Writes discrete_v023.h5 exactly as d3rlpy v0.23's MDPDataset.dump does.

MDPDataset.dump (d3rlpy/dataset.py @ v0.23) is:

    with h5py.File(fname, 'w') as f:
        f.create_dataset('observations', data=observations)
        f.create_dataset('actions', data=self._actions)
        f.create_dataset('rewards', data=self._rewards)
        f.create_dataset('terminals', data=self._terminals)
        f.create_dataset('discrete_action', data=self.discrete_action)
        f.flush()

This script repeats those calls on the arrays the MDPDataset constructor would hold (rewards and
terminals reshaped to (N,), discrete actions to (N,)) without needing d3rlpy itself. h5py stores
the Python bool discrete_action as an HDF5 ENUM over int8 (FALSE = 0, TRUE = 1), which is what
D3rlpyHdf5ImporterTest checks the importer reads.

Layout (N = 10): episode 0 = observations 0..3, episode 1 = observation 4 alone (no transitions),
episode 2 = observations 5..7, observations 8..9 after the last terminal (d3rlpy drops them).

Run: python3 make_fixture.py  (h5py 3.x, numpy)
"""
import h5py
import numpy as np

N = 10
observations = np.array([[0.1 * i, -0.2 * i, 1.0 + i] for i in range(N)], dtype=np.float64)
actions = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 1], dtype=np.int64).reshape(-1)
rewards = np.array([9.0, 1.0, -0.5, 2.0, 7.0, 8.0, 0.25, 3.0, 4.0, 5.0], dtype=np.float64).reshape(-1)
terminals = np.array([0, 0, 0, 1, 1, 0, 0, 1, 0, 0], dtype=np.float64).reshape(-1)
discrete_action = True

with h5py.File("discrete_v023.h5", "w") as f:
    f.create_dataset("observations", data=observations)
    f.create_dataset("actions", data=actions)
    f.create_dataset("rewards", data=rewards)
    f.create_dataset("terminals", data=terminals)
    f.create_dataset("discrete_action", data=discrete_action)
    f.flush()
