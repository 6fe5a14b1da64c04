"""The trained LSTM run one token at a time, in numpy float64, for improvising.

Sampling feeds one token per call; torch's per-call overhead is ~1 ms there while the arithmetic of a
64-unit step is a few microseconds. The weights are the model's own (torch gate order i, f, g, o).
"""

from __future__ import annotations


class Stepper:
    def __init__(self, network):
        import numpy as np

        weights = {k: v.detach().cpu().double().numpy() for k, v in network.state_dict().items()}
        self.layers = []
        layer = 0
        while f"lstm.weight_ih_l{layer}" in weights:
            self.layers.append((weights[f"lstm.weight_ih_l{layer}"], weights[f"lstm.weight_hh_l{layer}"],
                                weights[f"lstm.bias_ih_l{layer}"] + weights[f"lstm.bias_hh_l{layer}"]))
            layer += 1
        self.out_w, self.out_b = weights["out.weight"], weights["out.bias"]
        self.size = self.out_w.shape[0]
        hidden = self.layers[0][1].shape[1]
        self.h = [np.zeros(hidden) for _ in self.layers]
        self.c = [np.zeros(hidden) for _ in self.layers]

    def step(self, token: int):
        """Logits for the next token after feeding ``token`` (``size`` = the zero start vector)."""
        import numpy as np

        x = None
        for n, (w_ih, w_hh, bias) in enumerate(self.layers):
            if n == 0:
                gates = (w_ih[:, token] if token < self.size else 0.0) + w_hh @ self.h[n] + bias
            else:
                gates = w_ih @ x + w_hh @ self.h[n] + bias
            i, f, g, o = np.split(gates, 4)
            self.c[n] = _sigmoid(f) * self.c[n] + _sigmoid(i) * np.tanh(g)
            self.h[n] = _sigmoid(o) * np.tanh(self.c[n])
            x = self.h[n]
        return self.out_w @ x + self.out_b


def _sigmoid(v):
    import numpy as np

    return 1.0 / (1.0 + np.exp(-v))
