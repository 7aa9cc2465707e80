"""The list of LifeCircle algorithms the provider loads (one module per algorithm)."""


def algorithm_classes() -> list:
    from .compare_coverage import CompareCoverageAlgorithm
    from .convert_coords import ConvertCoordinatesAlgorithm
    from .delineate_units import DelineateUnitsAlgorithm
    from .distribute_population import DistributePopulationAlgorithm
    from .export_ledger import ExportLedgerAlgorithm
    from .facility_coverage import FacilityCoverageAlgorithm
    from .import_ledger import ImportLedgerAlgorithm
    from .potential_space import PotentialSpaceAlgorithm
    from .prepare_network import PrepareNetworkAlgorithm
    from .project_impact import ProjectImpactAlgorithm
    from .resident_needs import ResidentNeedsAlgorithm
    from .siting import SitingAlgorithm

    return [
        PrepareNetworkAlgorithm,
        ConvertCoordinatesAlgorithm,
        DistributePopulationAlgorithm,
        DelineateUnitsAlgorithm,
        ResidentNeedsAlgorithm,
        FacilityCoverageAlgorithm,
        PotentialSpaceAlgorithm,
        ProjectImpactAlgorithm,
        CompareCoverageAlgorithm,
        ExportLedgerAlgorithm,
        ImportLedgerAlgorithm,
        SitingAlgorithm,
    ]
