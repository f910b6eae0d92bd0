import { useEffect, useRef, useState } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { THEME_EVENT } from "../hooks/useTheme";

/** Palette is the theme's colours, read from its CSS variables, for drawing on a canvas. */
export interface Palette {
  fg: string;
  muted: string;
  border: string;
  accent: string;
  danger: string;
  created: string;
  font: string;
}

/** palette reads the shown theme's colours (style.css's variables). */
export function palette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, dflt: string) => css.getPropertyValue(name).trim() || dflt;
  return {
    fg: v("--fg", "#1c1c1e"),
    muted: v("--muted", "#6b6b70"),
    border: v("--border", "#dcdcdc"),
    accent: v("--accent", "#3763d8"),
    danger: v("--danger", "#c0362c"),
    created: "#2f8a3a",
    font: `11px ${v("--sans", "sans-serif")}`,
  };
}

/** BuildOptions makes a chart's uPlot options for the theme's palette and the host's width. */
export type BuildOptions = (U: typeof uPlot, p: Palette, width: number) => uPlot.Options;

/** UPlotChartProps: how to build the chart, its data, its height, what it shows in words, and a hand on the chart once drawn. */
export interface UPlotChartProps {
  build: BuildOptions;
  data: uPlot.AlignedData;
  height: number;
  /** label says what the chart shows, for screen readers (the canvas says nothing). */
  label: string;
  className?: string;
  onChart?(u: uPlot | null): void;
}

/**
 * UPlotChart draws a uPlot chart into a div: uPlot loads when the first chart
 * is shown, the chart is built again when the data or the theme changes and
 * follows the host's width.
 */
export function UPlotChart({ build, data, height, label, className, onChart }: UPlotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const [theme, setTheme] = useState(0);
  const [failed, setFailed] = useState(false);
  const onChartRef = useRef(onChart);
  useEffect(() => {
    onChartRef.current = onChart;
  });

  useEffect(() => {
    const bump = () => setTheme((t) => t + 1);
    window.addEventListener(THEME_EVENT, bump);
    return () => window.removeEventListener(THEME_EVENT, bump);
  }, []);

  useEffect(() => {
    let chart: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    let live = true;
    import("uplot").then(
      ({ default: U }) => {
        const el = host.current;
        if (!live || !el) return;
        const width = el.clientWidth || 600;
        chart = new U({ ...build(U, palette(), width), width, height }, data, el);
        onChartRef.current?.(chart);
        if (typeof ResizeObserver !== "undefined") {
          resize = new ResizeObserver(() => {
            if (chart && el.clientWidth > 0) chart.setSize({ width: el.clientWidth, height });
          });
          resize.observe(el);
        }
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      resize?.disconnect();
      chart?.destroy();
      onChartRef.current?.(null);
    };
  }, [build, data, height, theme]);

  return (
    <div className={className} ref={host} role="img" aria-label={label}>
      {failed && <p className="muted">The chart could not be loaded.</p>}
    </div>
  );
}
