import '@testing-library/jest-dom';

// jsdom has no SVG layout: catalog-graph measures node labels with getBBox.
if (!(window.SVGElement.prototype as any).getBBox) {
  (window.SVGElement.prototype as any).getBBox = () => ({
    x: 0,
    y: 0,
    width: 100,
    height: 20,
  });
}
