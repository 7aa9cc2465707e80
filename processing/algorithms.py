"""The list of LifeCircle algorithms the provider loads (one module per algorithm)."""


def algorithm_classes() -> list:
    from .prepare_network import PrepareNetworkAlgorithm

    return [
        PrepareNetworkAlgorithm,
    ]
