import { Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

// Only the pieces a line chart over a linear time axis needs: tree-shaking keeps the bundle small, and
// registering once at import time means every chart finds them. (A time scale would need a date adapter;
// a linear axis of epoch ms with our own tick labels does the same job.)
Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Filler);

export { Chart };
