"""torch.cuda as it answers on a machine without a GPU: autograd_nb runs on the CPU only."""


def is_available():
    return False


def device_count():
    return 0


def manual_seed(seed):
    """Seeding the (absent) GPU generator does nothing, as in torch without CUDA."""


manual_seed_all = manual_seed
