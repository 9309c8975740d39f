"""Public alias of `briefpack.distribute.batch`, where rendering many briefs lives:
`from briefpack.batch import RenderTask, render_task` keeps working."""

from briefpack.distribute.batch import Outcome, RenderTask, default_jobs, render_all, render_task

__all__ = ["Outcome", "RenderTask", "default_jobs", "render_all", "render_task"]
