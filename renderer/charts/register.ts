import { Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { dragZoomPlugin } from './drag-zoom-plugin.ts';
import { registerSeriesAtX } from './series-at-x.ts';

// Only the pieces a line chart over a linear time axis needs: tree-shaking keeps the bundle small, and
// registering once at import time means every chart finds them. (A time scale would need a date adapter;
// a linear axis of epoch ms with our own round-time ticks does the same job.)
Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Filler, dragZoomPlugin);
registerSeriesAtX();

export { Chart };
