import { html } from 'hono/html';
import { htmlDocument } from '../http/html-document';

/*
 * Demo pages for `npm start`. The articles are fiction written for this project. The pages
 * load /widget.js exactly as a newsroom would, from this server's own origin.
 */

const page = (title: string, nonce: string, body: ReturnType<typeof html>) =>
  htmlDocument({
    lang: 'id',
    title,
    head: html`<meta name="color-scheme" content="light dark">
<style nonce="${nonce}">
body{margin:0;font:18px/1.6 Georgia,'Times New Roman',serif;color:#1f1f1f;background:#fafaf7}
header{padding:.75rem 1rem;background:#7a1f1f;color:#fff;font:700 1.25rem/1.2 system-ui,sans-serif}
header a{color:inherit;text-decoration:none}
main{max-width:44rem;margin:0 auto;padding:1rem}
h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0}
.meta{color:#5b5f64;font:.875rem system-ui,sans-serif}
article{margin-bottom:2.5rem}
iframe{width:100%;border:0}
@media(prefers-color-scheme:dark){body{color:#e3e3e3;background:#121212}.meta{color:#b4b8bd}}
</style>`,
    body: html`<header><a href="/">Kabar Nusantara</a></header>
<main>
${body}
</main>`,
  });

export const articlePage = (nonce: string) =>
  page(
    'Warga Kampung Kali Code Ubah Bantaran Sungai Jadi Kebun Sayur',
    nonce,
    html`<article>
<p class="meta">Yogyakarta · Kamis, 26 November 2026</p>
<h1>Warga Kampung Kali Code Ubah Bantaran Sungai Jadi Kebun Sayur</h1>
<p>Bantaran Kali Code yang dulu dipenuhi sampah kini berubah menjadi deretan bedeng sayur. Sejak awal tahun, sekitar empat puluh keluarga di RW 09 bergiliran menanam kangkung, bayam, cabai, dan tomat di lahan sempit sepanjang dua ratus meter.</p>
<p>"Awalnya hanya lima orang yang mau ikut. Setelah panen pertama dibagi rata, tetangga mulai bertanya," kata Sri Wahyuni, ketua kelompok tani kampung itu. Menurut dia, hasil panen kini cukup untuk kebutuhan dapur sebagian warga, dan sisanya dijual di pasar pagi.</p>
<p>Kelompok itu juga membuat kompos dari sampah dapur yang dikumpulkan setiap Sabtu. Dengan cara ini, kata Sri, volume sampah yang dibuang ke sungai turun jauh. Petugas kelurahan mencatat, laporan banjir kiriman sampah di titik itu berkurang sepanjang musim hujan lalu.</p>
<p>Pemerintah kota berencana menjadikan kampung tersebut contoh bagi permukiman bantaran lain. Namun warga berharap dukungan tidak berhenti pada seremoni. "Yang kami perlukan pompa air dan bibit, bukan spanduk," ujar Sri sambil tertawa.</p>
</article>
<script async src="/widget.js" data-site="demo" data-article="kali-code-kebun-sayur"></script>`,
  );

export const indexPage = (origin: string, nonce: string) =>
  page(
    'Kabar Nusantara — Berita Terkini',
    nonce,
    html`<h1>Berita Terkini</h1>
<article>
<h2>Perpustakaan Keliling Kembali Sambangi Desa di Lereng Merapi</h2>
<p>Mobil perpustakaan milik pemerintah kabupaten kembali berkeliling ke delapan desa setelah dua tahun berhenti. Anak-anak menyambutnya dengan antrean panjang.</p>
<div data-tanggap-article="perpustakaan-keliling-merapi" data-url="${origin}/demo/index#perpustakaan"></div>
</article>
<article>
<h2>Harga Cabai Rawit di Pasar Beringharjo Naik Dua Kali Lipat</h2>
<p>Pedagang menyebut curah hujan tinggi membuat pasokan dari petani berkurang. Pembeli mulai beralih ke cabai kering.</p>
<div data-tanggap-article="harga-cabai-beringharjo" data-url="${origin}/demo/index#cabai" data-lang="en"></div>
</article>
<article>
<h2>Lewat iframe: Festival Gamelan Anak Digelar di Alun-Alun Utara</h2>
<p>Contoh pemasangan lewat iframe, untuk halaman AMP atau CMS yang melarang skrip pihak ketiga.</p>
<iframe id="tanggap-frame" title="Tanggapan pembaca" height="320" loading="lazy"
  src="/embed/demo/festival-gamelan-anak?parent=${encodeURIComponent(origin)}&amp;url=${encodeURIComponent(`${origin}/demo/index#gamelan`)}"></iframe>
</article>
<script async src="/widget.js" data-site="demo"></script>
<script nonce="${nonce}">
// The parent-side snippet from src/widget/README.md: trust only resize messages from the
// Tanggap origin and from this very iframe.
addEventListener('message', function (event) {
  var frame = document.getElementById('tanggap-frame');
  if (event.origin !== '${origin}' || event.source !== frame.contentWindow) return;
  if (event.data && event.data.type === 'tanggap:resize') frame.height = String(event.data.height);
});
</script>`,
  );
