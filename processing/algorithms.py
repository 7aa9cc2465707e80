"""The list of LifeCircle algorithms the provider loads (one module per algorithm)."""


def algorithm_classes() -> list:
    from .convert_coords import ConvertCoordinatesAlgorithm
    from .facility_coverage import FacilityCoverageAlgorithm
    from .prepare_network import PrepareNetworkAlgorithm

    return [
        PrepareNetworkAlgorithm,
        ConvertCoordinatesAlgorithm,
        FacilityCoverageAlgorithm,
    ]
