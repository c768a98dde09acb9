"""optim.lr_scheduler against torch 2.13: the same rates (bit for bit) epoch by epoch over two
parameter groups, the same parameters after training with them, state_dict and resuming, the
deprecated step(epoch), and torch's warnings and errors."""

import numpy as np
import pytest
from _parity import run

import autograd_nb as anb

torch = pytest.importorskip("torch")
EPOCHS = 12

SCHEDULERS = {
    "step": lambda s, o: s.StepLR(o, step_size=3),
    "step_gamma": lambda s, o: s.StepLR(o, step_size=2, gamma=0.5),
    "multistep": lambda s, o: s.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3),
    "exponential": lambda s, o: s.ExponentialLR(o, gamma=0.9),
    "cosine": lambda s, o: s.CosineAnnealingLR(o, T_max=4),
    "cosine_eta_min": lambda s, o: s.CosineAnnealingLR(o, T_max=5, eta_min=1e-3),
    "lambda": lambda s, o: s.LambdaLR(o, lambda epoch: 0.95 ** epoch),
    "lambda_per_group": lambda s, o: s.LambdaLR(o, [lambda e: 1 / (e + 1), lambda e: e % 3]),
    "multiplicative": lambda s, o: s.MultiplicativeLR(o, lambda epoch: 0.9),
    "constant": lambda s, o: s.ConstantLR(o, factor=0.5, total_iters=4),
    "linear": lambda s, o: s.LinearLR(o, start_factor=0.25, total_iters=6),
    "linear_decay": lambda s, o: s.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=8),
    "polynomial": lambda s, o: s.PolynomialLR(o, total_iters=8, power=2.0),
    "warm_restarts": lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=3),
    "warm_restarts_mult": lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2,
                                                                     eta_min=1e-3),
    "one_cycle": lambda s, o: s.OneCycleLR(o, max_lr=1.0, total_steps=15),
    "one_cycle_linear_3phase": lambda s, o: s.OneCycleLR(
        o, max_lr=[0.5, 1.0], epochs=4, steps_per_epoch=4, anneal_strategy="linear",
        three_phase=True, cycle_momentum=False),
    "sequential": lambda s, o: s.SequentialLR(
        o, [s.LinearLR(o, start_factor=0.1, total_iters=3), s.ExponentialLR(o, gamma=0.8)],
        milestones=[4]),
    "sequential3": lambda s, o: s.SequentialLR(
        o, [s.ConstantLR(o, factor=0.5, total_iters=2), s.StepLR(o, 2),
            s.CosineAnnealingLR(o, T_max=3)], milestones=[3, 7]),
    "chained": lambda s, o: s.ChainedScheduler([s.ConstantLR(o, factor=0.5, total_iters=3),
                                                s.ExponentialLR(o, gamma=0.9)]),
}



def setup(lib, make, optimizer="SGD"):
    """Two parameter groups with their own lr, and a scheduler over them."""
    a = lib.nn.Parameter(lib.tensor([1.0, -2.0, 0.5]))
    b = lib.nn.Parameter(lib.tensor([[0.3, 0.7], [-1.0, 2.0]]))
    opt = getattr(lib.optim, optimizer)([{"params": [a]}, {"params": [b], "lr": 0.05}], lr=0.1)
    return (a, b), opt, make(lib.optim.lr_scheduler, opt)


def epoch(lib, params, opt, scheduler):
    """One training step on a fixed quadratic loss, then the scheduler's step."""
    a, b = params
    opt.zero_grad()
    ((a * a).sum() + (b ** 3).sum()).backward()
    opt.step()
    scheduler.step()


def comparable(state):
    """A scheduler's state_dict as plain data (lambdas compared by what torch saves)."""
    return {k: (dict(v) if k == "milestones" else
                [comparable(s) for s in v] if k == "_schedulers" else v)
            for k, v in state.items()}


@pytest.mark.parametrize("make", SCHEDULERS.values(), ids=SCHEDULERS.keys())
def test_rates_and_parameters_match_torch_every_epoch(make):
    ours, theirs = setup(anb, make), setup(torch, make)
    for _ in range(EPOCHS):
        assert ours[2].get_last_lr() == theirs[2].get_last_lr()
        assert [g["lr"] for g in ours[1].param_groups] == [
            g["lr"] for g in theirs[1].param_groups]
        assert comparable(ours[2].state_dict()) == comparable(theirs[2].state_dict())
        epoch(anb, *ours)
        epoch(torch, *theirs)
        for p, tp in zip(ours[0], theirs[0]):
            np.testing.assert_allclose(p.detach().numpy(), tp.detach().numpy(), rtol=1e-5)


def test_the_optimizer_repr_lists_initial_lr_as_torch():
    make = SCHEDULERS["step"]
    assert repr(setup(anb, make)[1]) == repr(setup(torch, make)[1])


@pytest.mark.parametrize("optimizer", ["Adam", "AdamW", "RMSprop", "Adagrad"])
def test_every_optimizer_trains_the_same_under_a_scheduler(optimizer):
    make = SCHEDULERS["cosine"]
    ours, theirs = setup(anb, make, optimizer), setup(torch, make, optimizer)
    for _ in range(EPOCHS):
        epoch(anb, *ours)
        epoch(torch, *theirs)
    for p, tp in zip(ours[0], theirs[0]):
        np.testing.assert_allclose(p.detach().numpy(), tp.detach().numpy(), rtol=1e-5)


@pytest.mark.parametrize("make", SCHEDULERS.values(), ids=SCHEDULERS.keys())
def test_resuming_from_state_dicts_continues_the_same_schedule(make):
    params, opt, scheduler = setup(anb, make)
    for _ in range(5):
        epoch(anb, params, opt, scheduler)
    params2, opt2, scheduler2 = setup(anb, make)
    opt2.load_state_dict(opt.state_dict())
    scheduler2.load_state_dict(scheduler.state_dict())
    for _ in range(5):
        epoch(anb, params, opt, scheduler)
        epoch(anb, params2, opt2, scheduler2)
        assert scheduler2.get_last_lr() == scheduler.get_last_lr()


@pytest.mark.parametrize("make", [SCHEDULERS["exponential"], SCHEDULERS["cosine"]],
                         ids=["exponential", "cosine"])
def test_last_epoch_resumes_from_the_groups_initial_lr_as_torch(make):
    def resumed(lib):
        params, opt, scheduler = setup(lib, make)
        for _ in range(3):
            epoch(lib, params, opt, scheduler)
        kwargs = {k: v for k, v in scheduler.state_dict().items()
                  if k in ("gamma", "T_max", "eta_min")}
        again = type(scheduler)(opt, last_epoch=scheduler.last_epoch, **kwargs)
        rates = [again.get_last_lr()]
        for _ in range(4):
            epoch(lib, params, opt, again)
            rates.append(again.get_last_lr())
        return rates
    assert resumed(anb) == resumed(torch)


ONE_CYCLES = {
    "cos": SCHEDULERS["one_cycle"],
    "linear_3phase": lambda s, o: s.OneCycleLR(o, max_lr=0.5, epochs=4, steps_per_epoch=4,
                                               anneal_strategy="linear", three_phase=True),
}


@pytest.mark.parametrize("make", ONE_CYCLES.values(), ids=ONE_CYCLES.keys())
def test_one_cycle_moves_momentum_and_betas_as_torch(make):
    for optimizer in ("SGD", "Adam"):
        def run_it(lib):
            a = lib.nn.Parameter(lib.tensor([1.0, -2.0]))
            kwargs = {"momentum": 0.9} if optimizer == "SGD" else {}
            opt = getattr(lib.optim, optimizer)([a], lr=0.1, **kwargs)
            scheduler = make(lib.optim.lr_scheduler, opt)
            seen = []
            for _ in range(14):
                opt.step()
                scheduler.step()
                group = opt.param_groups[0]
                seen.append((group["lr"], group.get("momentum"), group.get("betas")))
            return seen
        assert run_it(anb) == run_it(torch)


PLATEAUS = {
    "default": {},
    "max_abs": {"mode": "max", "threshold_mode": "abs", "threshold": 0.05, "patience": 1},
    "cooldown_min_lr": {"factor": 0.5, "patience": 0, "cooldown": 2, "min_lr": [0.02, 0.01]},
}


@pytest.mark.parametrize("kwargs", PLATEAUS.values(), ids=PLATEAUS.keys())
def test_reduce_on_plateau_follows_the_metric_as_torch(kwargs):
    metrics = [1.0, 0.9, 0.95, 0.95, 0.96, 0.89, 0.9, 0.9, 0.9, 0.9, 0.91, 0.92, 0.93, 0.88] * 2
    def run_it(lib):
        _, opt, scheduler = setup(lib, lambda s, o: s.ReduceLROnPlateau(o, **kwargs))
        seen = []
        for value in metrics:
            opt.step()
            scheduler.step(lib.tensor(value))
            seen.append((scheduler.get_last_lr(), comparable(scheduler.state_dict())))
        return seen
    assert run_it(anb) == run_it(torch)


PRELUDE = "p = torch.nn.Parameter(torch.ones(2)); opt = torch.optim.SGD([p], lr=0.5)"
CALLS = {
    "step_before_optimizer": "s = torch.optim.lr_scheduler.StepLR(opt, 2); s.step(); s.step()",
    "get_lr_outside_step": "s = torch.optim.lr_scheduler.StepLR(opt, 2); s.get_lr()",
    "step_with_epoch": "s = torch.optim.lr_scheduler.CosineAnnealingLR(opt, 4); opt.step(); "
                       "s.step(3); s.get_last_lr()",
    "multistep_epoch": "s = torch.optim.lr_scheduler.MultiStepLR(opt, [1, 4, 4]); opt.step(); "
                       "s.step(5); s.get_last_lr()",
    "lambda_epoch": "s = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: e); opt.step(); "
                    "s.step(7); s.get_last_lr()",
    "not_an_optimizer": "torch.optim.lr_scheduler.StepLR([p], 2)",
    "resume_without_initial_lr": "torch.optim.lr_scheduler.StepLR(opt, 2, last_epoch=3)",
    "lambda_count": "torch.optim.lr_scheduler.LambdaLR(opt, [lambda e: 1, lambda e: 2])",
    "base_get_lr": "torch.optim.lr_scheduler.LRScheduler(opt)",
    "constant_factor": "torch.optim.lr_scheduler.ConstantLR(opt, factor=2)",
    "linear_start": "torch.optim.lr_scheduler.LinearLR(opt, start_factor=0)",
    "linear_end": "torch.optim.lr_scheduler.LinearLR(opt, end_factor=1.5)",
    "linear_epoch": "s = torch.optim.lr_scheduler.LinearLR(opt); opt.step(); s.step(3); "
                    "s.get_last_lr()",
    "polynomial_epoch": "s = torch.optim.lr_scheduler.PolynomialLR(opt, 4); opt.step(); "
                        "s.step(2); s.get_last_lr()",
    "constant_epoch": "s = torch.optim.lr_scheduler.ConstantLR(opt); opt.step(); s.step(6); "
                      "s.get_last_lr()",
    "multiplicative_not_callable": "torch.optim.lr_scheduler.MultiplicativeLR(opt, 3)",
    "restarts_T_0": "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=0)",
    "restarts_T_mult": "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, 2, T_mult=0.5)",
    "restarts_eta_min": "torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, 2, "
                        "eta_min='0')",
    "restarts_fractional_epochs": "s = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts("
                                  "opt, 2, T_mult=2); opt.step(); "
                                  "[(s.step(e / 4), s.get_last_lr())[1] for e in range(30)]",
    "restarts_negative_epoch": "s = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts("
                               "opt, 2); opt.step(); s.step(-1)",
    "one_cycle_no_steps": "torch.optim.lr_scheduler.OneCycleLR(opt, 0.1)",
    "one_cycle_total": "torch.optim.lr_scheduler.OneCycleLR(opt, 0.1, total_steps=0)",
    "one_cycle_epochs": "torch.optim.lr_scheduler.OneCycleLR(opt, 0.1, epochs=0, "
                        "steps_per_epoch=3)",
    "one_cycle_pct": "torch.optim.lr_scheduler.OneCycleLR(opt, 0.1, total_steps=5, "
                     "pct_start=1)",
    "one_cycle_anneal": "torch.optim.lr_scheduler.OneCycleLR(opt, 0.1, total_steps=5, "
                        "anneal_strategy='exp')",
    "one_cycle_max_lr": "torch.optim.lr_scheduler.OneCycleLR(opt, [0.1, 0.2], total_steps=5)",
    "one_cycle_momentum": "torch.optim.lr_scheduler.OneCycleLR(torch.optim.Adagrad([p]), 0.1, "
                          "total_steps=5)",
    "one_cycle_too_many": "s = torch.optim.lr_scheduler.OneCycleLR(opt, 0.1, total_steps=2); "
                          "opt.step(); s.step(); s.step(); s.step()",
    "plateau_factor": "torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=1.0)",
    "plateau_mode": "torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='low')",
    "plateau_threshold_mode": "torch.optim.lr_scheduler.ReduceLROnPlateau(opt, "
                              "threshold_mode='x')",
    "plateau_min_lrs": "torch.optim.lr_scheduler.ReduceLROnPlateau(opt, min_lr=[0.1, 0.2])",
    "plateau_epoch": "s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt); s.step(1.0, 3); "
                     "s.last_epoch",
    "sequential_empty": "torch.optim.lr_scheduler.SequentialLR(opt, [], [])",
    "sequential_milestones": "torch.optim.lr_scheduler.SequentialLR(opt, "
                             "[torch.optim.lr_scheduler.StepLR(opt, 2)], [3])",
    "sequential_plateau": "torch.optim.lr_scheduler.SequentialLR(opt, "
                          "[torch.optim.lr_scheduler.ReduceLROnPlateau(opt)], [])",
    "sequential_not_scheduler": "torch.optim.lr_scheduler.SequentialLR(opt, [3], [])",
    "chained_empty": "torch.optim.lr_scheduler.ChainedScheduler([])",
    "lambda_callable_object_saved": """
class Warmup:
    def __init__(self):
        self.steps = 4
    def __call__(self, e):
        return min(1.0, (e + 1) / self.steps)
s = torch.optim.lr_scheduler.LambdaLR(opt, Warmup())
opt.step(); s.step()
s.state_dict()["lr_lambdas"], s.get_last_lr()""",
}


def outcome(code, lib):
    """What ``code`` returned or raised, and the warnings it gave, over a fresh SGD."""
    result, _, caught = run(code, lib, prelude=PRELUDE)
    return repr(result), caught


@pytest.mark.parametrize("code", CALLS.values(), ids=CALLS.keys())
def test_warnings_errors_and_values_match_torch(code):
    assert outcome(code, anb) == outcome(code, torch)
