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
    return {k: (dict(v) if k == "milestones" else v) for k, v in state.items()}


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
