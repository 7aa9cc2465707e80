"""lifecircle:preparenetwork — clean a line layer into a routable walking network, with diagnostics."""

from __future__ import annotations

from qgis.core import (
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)

from .styles import load_with_style
from .base import (
    LifeCircleAlgorithm,
    add_network_parameters,
    read_network,
    tr,
)
from ..lifecircle_plugin.qgis_compat import BOOL, DOUBLE, INT, INT64, STRING, make_field


class PrepareNetworkAlgorithm(LifeCircleAlgorithm):
    NAME = "preparenetwork"
    DISPLAY = "Prepare walking network"
    GROUP = "network"

    INPUT = "INPUT"
    OUTPUT = "OUTPUT"
    NODES = "NODES"

    def initAlgorithm(self, config=None):  # noqa: N802
        add_network_parameters(self, self.INPUT, snap=False)
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Walking network edges"),
                                              QgsProcessing.SourceType.TypeVectorLine)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.NODES, tr("Walking network nodes"), QgsProcessing.SourceType.TypeVectorPoint, optional=True,
                createByDefault=True,
            )
        )
        for key, label in (
            ("NODE_COUNT", "Number of nodes"),
            ("EDGE_COUNT", "Number of edges"),
            ("TOTAL_LENGTH", "Total length (m)"),
            ("COMPONENTS", "Connected components"),
            ("LARGEST_COMPONENT_SHARE", "Largest component's share of the length"),
            ("DANGLES", "Dangles (nodes of degree 1)"),
            ("MERGED_NODES", "Nodes merged within the tolerance"),
            ("CLOSED_GAPS", "Gaps closed by merging"),
            ("DUPLICATE_EDGES", "Duplicate edges dropped"),
            ("EXCLUDED_FEATURES", "Features excluded (class or walkable flag)"),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, tr(label)))

    def process(self, parameters, context, feedback):
        from ..lifecircle_plugin.core.errors import CancelledError
        from ..lifecircle_plugin.qgis_bridge import back_transform

        # reading and building take about as long as writing the edges and nodes out
        progress, is_cancelled = self.progress_callbacks(feedback, 0, 45)
        net, crs, source, name, data = read_network(
            self, parameters, context, feedback, self.INPUT, progress, is_cancelled
        )
        class_field = self.parameterAsString(parameters, "CLASS_FIELD", context) or ""
        classes = data.attributes.get(class_field) if class_field in data.attributes else None
        edge_fields, edge_rows = self.edge_table(net, data.fids, classes)
        node_fields, node_rows = node_table(net)
        if feedback.isCanceled():
            raise CancelledError()

        out_crs = source.sourceCrs()
        transform = back_transform(crs, out_crs, context)
        results = {self.OUTPUT: self.write_edges(parameters, context, feedback, edge_fields, edge_rows, net,
                                                 out_crs, transform)}
        feedback.setProgress(85)
        node_dest = self.write_nodes(parameters, context, feedback, node_fields, node_rows, net, out_crs, transform)
        if node_dest is not None:
            results[self.NODES] = node_dest
        results.update(network_counts(net))
        feedback.setProgress(100)
        return results

    def edge_table(self, net, fids, classes):
        """The edges' fields and attribute rows (with the road class when a class field is given)."""
        edge_fields = QgsFields()
        edge_fields.append(make_field("edge_id", INT))
        edge_fields.append(make_field("from_node", INT))
        edge_fields.append(make_field("to_node", INT))
        edge_fields.append(make_field("length_m", DOUBLE, len=12, prec=2))
        edge_fields.append(make_field("component", INT))
        edge_fields.append(make_field("source_fid", INT64))
        if classes is not None:
            edge_fields.append(make_field("road_class", STRING))
        src = net.edge_source.tolist()
        columns = [range(net.n_edges), net.edge_u.tolist(), net.edge_v.tolist(), net.edge_length.tolist(),
                   net.edge_component.tolist(), [fids[i] for i in src]]
        if classes is not None:
            columns.append([classes[i] for i in src])
        return edge_fields, self.rows_from_columns(columns)

    def write_edges(self, parameters, context, feedback, fields, rows, net, out_crs, transform):
        """The edges written to OUTPUT (progress 45–85 %), styled; returns the destination."""
        from ..lifecircle_plugin.qgis_bridge import write_features

        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.LineString,
                                          out_crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        write_features(sink, fields, rows, net.edge_wkb(), transform, feedback,
                       self.progress_callbacks(feedback, 45, 85)[0])
        load_with_style(context, dest, "network_edges")
        return dest

    def write_nodes(self, parameters, context, feedback, fields, rows, net, out_crs, transform):
        """The nodes written to NODES (progress 85–100 %), styled; returns the destination (None: not asked for)."""
        from ..lifecircle_plugin.qgis_bridge import write_features

        node_sink, node_dest = self.parameterAsSink(parameters, self.NODES, context, fields, QgsWkbTypes.Type.Point,
                                                    out_crs)
        if node_sink is None:
            return None
        write_features(node_sink, fields, rows, net.node_wkb(), transform, feedback,
                       self.progress_callbacks(feedback, 85, 100)[0])
        load_with_style(context, node_dest, "network_nodes")
        return node_dest


def node_table(net):
    """The nodes' fields and attribute rows: degree, component, dangle, and how many nodes were merged into it."""
    import numpy as np

    node_fields = QgsFields()
    node_fields.append(make_field("node_id", INT))
    node_fields.append(make_field("degree", INT))
    node_fields.append(make_field("component", INT))
    node_fields.append(make_field("dangle", BOOL))
    node_fields.append(make_field("merged", INT))
    merged = np.zeros(net.n_nodes, dtype=int)
    for m in net.diagnostics.merges:
        if m.kept_node >= 0:
            merged[m.kept_node] += 1
    node_rows = [list(r) for r in zip(range(net.n_nodes), net.node_degree.tolist(), net.node_component.tolist(),
                                      (net.node_degree == 1).tolist(), merged.tolist())]
    return node_fields, node_rows


def network_counts(net) -> dict:
    """The output numbers: the network's size, components, dangles, merges, duplicates and excluded features."""
    d = net.diagnostics
    return dict(
        NODE_COUNT=net.n_nodes,
        EDGE_COUNT=net.n_edges,
        TOTAL_LENGTH=d.total_length,
        COMPONENTS=d.components,
        LARGEST_COMPONENT_SHARE=d.largest_component_share,
        DANGLES=d.dangles,
        MERGED_NODES=len(d.merges),
        CLOSED_GAPS=d.closed_gaps,
        DUPLICATE_EDGES=d.duplicate_edges,
        EXCLUDED_FEATURES=d.excluded_by_class + d.excluded_not_walkable,
    )
