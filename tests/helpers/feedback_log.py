"""A Processing feedback that keeps what an algorithm logs (errors and warnings, infos)."""


class RecordingFeedback:
    """A QgsProcessingFeedback that keeps what the algorithm logs."""

    def __new__(cls):
        from qgis.core import QgsProcessingFeedback

        class _Feedback(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.errors, self.infos = [], []

            def reportError(self, error, fatalError=False):  # noqa: N802, N803
                self.errors.append(error)

            def pushInfo(self, info):  # noqa: N802
                self.infos.append(info)

            def pushWarning(self, warning):  # noqa: N802
                self.errors.append(warning)

        return _Feedback()
