// 框选遮盖: drag a box over a page image; its place, in the page's own units (PDF points from the top left, or an
// image's pixels), fills the box form, whose fields also work by keyboard alone.
(function () {
    var form = document.getElementById('box-form');
    if (!form) { return; }
    function field(name) { return document.getElementById('box-' + name); }
    document.querySelectorAll('.redaction-page').forEach(function (figure) {
        var sheet = figure.querySelector('.redaction-sheet');
        var pageWidth = parseFloat(figure.dataset.width), pageHeight = parseFloat(figure.dataset.height);
        var start = null, box = null;
        function at(event) {
            var r = sheet.getBoundingClientRect();
            return {
                x: Math.min(Math.max(event.clientX - r.left, 0), r.width) / r.width,
                y: Math.min(Math.max(event.clientY - r.top, 0), r.height) / r.height
            };
        }
        sheet.addEventListener('pointerdown', function (event) {
            if (event.button !== 0) { return; }
            event.preventDefault();
            start = at(event);
            if (box) { box.remove(); }
            box = document.createElement('span');
            box.className = 'redaction-draft';
            sheet.appendChild(box);
            sheet.setPointerCapture(event.pointerId);
        });
        sheet.addEventListener('pointermove', function (event) {
            if (!start) { return; }
            var p = at(event);
            box.style.left = Math.min(start.x, p.x) * 100 + '%';
            box.style.top = Math.min(start.y, p.y) * 100 + '%';
            box.style.width = Math.abs(p.x - start.x) * 100 + '%';
            box.style.height = Math.abs(p.y - start.y) * 100 + '%';
        });
        sheet.addEventListener('pointerup', function (event) {
            if (!start) { return; }
            var p = at(event);
            var left = Math.min(start.x, p.x), top = Math.min(start.y, p.y);
            var width = Math.abs(p.x - start.x), height = Math.abs(p.y - start.y);
            start = null;
            if (width * pageWidth < 1 || height * pageHeight < 1) { box.remove(); box = null; return; }
            field('page').value = figure.dataset.page;
            field('x').value = (left * pageWidth).toFixed(1);
            field('y').value = (top * pageHeight).toFixed(1);
            field('width').value = (width * pageWidth).toFixed(1);
            field('height').value = (height * pageHeight).toFixed(1);
            document.getElementById('box-ground').focus();
        });
    });
})();
