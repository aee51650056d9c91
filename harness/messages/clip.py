"""Messages of `kata train|sample clip` (harness/train/clip.py), English and Japanese (harness/i18n.py merges every file here)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "clip_setup": ("CLIP: a CNN ({channels} and {channels2} channels -> {image_dim}) reads the digits, a text encoder "
                   "({layers} × a causal block of width {n_embd} with {heads} heads, up to {max_len} tokens) the captions; both "
                   "are projected into one space of {embed_dim} dimensions. Vocabulary: {vocab} tokens, English and "
                   "Japanese, every phrasing. {n_train} training digits ({n_val} validate), {steps} steps of batch "
                   "{batch} ({epochs} epochs); {ja} % of the captions in Japanese, e.g. “{example_en}” / “{example_ja}”.",
                   "CLIP: CNN（チャネル {channels} と {channels2} -> {image_dim}）が数字を、テキストエンコーダ（幅 {n_embd}、"
                   "ヘッド {heads} 個の因果的ブロック {layers} 個、最大 {max_len} トークン）がキャプションを読み、どちらも "
                   "{embed_dim} 次元の共有空間へ射影します。語彙は英語と日本語の全言い回しから作った {vocab} トークンです。"
                   "訓練用の数字 {n_train} 枚（検証用 {n_val} 枚）、バッチ {batch} で {steps} ステップ（{epochs} エポック）。"
                   "キャプションの {ja} % は日本語です。例: 「{example_en}」/「{example_ja}」。"),
    "clip_eval": ("step {it}/{steps}: val loss {loss:.3f}, logit scale {scale:.1f}; zero-shot on {n} test digits: "
                  "English {en:.1%} (held-out phrasings {en_held:.1%}), Japanese {ja:.1%} ({ja_held:.1%})",
                  "ステップ {it}/{steps}: 検証損失 {loss:.3f}、ロジットのスケール {scale:.1f}。テスト画像 {n} 枚の"
                  "ゼロショット分類: 英語 {en:.1%}（学習に使っていない言い回し {en_held:.1%}）、日本語 {ja:.1%}（{ja_held:.1%}）"),
    "clip_summary": ("zero-shot accuracy on {n} test digits: English {en:.1%} (held-out phrasings {en_held:.1%}), "
                     "Japanese {ja:.1%} ({ja_held:.1%})",
                     "テスト画像 {n} 枚のゼロショット正解率: 英語 {en:.1%}（学習に使っていない言い回し {en_held:.1%}）、"
                     "日本語 {ja:.1%}（{ja_held:.1%}）"),
    "clip_summary_short": ("best val loss {loss:.3f}", "最良の検証損失 {loss:.3f}"),
    "clip_bad_lang_mix": ("--lang-mix must be a fraction between 0 and 1, got {mix}",
                          "--lang-mix は 0 から 1 までの割合で指定してください（指定値: {mix}）"),
    "clip_table_title": ("CLIP on {n} test digits (retrieval: the first {m})",
                         "テスト画像 {n} 枚での CLIP（検索は最初の {m} 枚）"),
    "clip_table_caption": ("zero-shot: the digit of the nearest ensembled prompt (chance 10 %). image → caption: the "
                           "caption the pixels give is among the k best of the distinct captions of one phrasing (80, or "
                           "40 where it names no size; chance 1.3 % or 2.5 % at k = 1). caption → image: one of the k "
                           "best digits is described by the caption. Both averaged over the phrasings.",
                           "ゼロショット: アンサンブルしたプロンプトがいちばん近い数字（偶然なら 10 %）。画像 → キャプション: "
                           "1 つの言い回しの異なるキャプション（80 個、大きさを言わない言い回しでは 40 個）の上位 k 個に、"
                           "画素から決まるキャプションがある（k = 1 の偶然の値は 1.3 % か 2.5 %）。キャプション → 画像: "
                           "上位 k 枚に、そのキャプションどおりの数字がある。どちらも言い回しの平均です。"),
    "clip_col_figure": ("figure", "指標"),
    "clip_col_phrasings": ("phrasings", "言い回し"),
    "clip_col_en": ("English", "英語"),
    "clip_col_ja": ("Japanese", "日本語"),
    "clip_group_train": ("training", "学習用"),
    "clip_group_held_out": ("held out", "学習外"),
    "clip_row_accuracy": ("zero-shot accuracy", "ゼロショット正解率"),
    "clip_row_i2t_r1": ("image → caption recall@1", "画像 → キャプション recall@1"),
    "clip_row_i2t_r5": ("image → caption recall@5", "画像 → キャプション recall@5"),
    "clip_row_t2i_r1": ("caption → image recall@1", "キャプション → 画像 recall@1"),
    "clip_row_t2i_r5": ("caption → image recall@5", "キャプション → 画像 recall@5"),
    "clip_file_retrieval": ("{n} test digits, each with its three best captions of 80 (a held-out phrasing)",
                            "テスト画像 {n} 枚と、それぞれに最も合うキャプション 3 つ（80 個から。学習に使っていない言い回し）"),
    "clip_sample_row": ("{mark} digit {pred} (true {true}); best caption: {caption} ({score:.2f})",
                        "{mark} 数字 {pred}（正解 {true}）。最も合うキャプション: {caption}（{score:.2f}）"),
    "clip_sampled": ("{right} of {n} test digits classified right (seed {seed}) -> {path}",
                     "テスト画像 {n} 枚中 {right} 枚を正しく分類しました（シード {seed}） -> {path}"),
    "clip_bad_phrasing": ("--phrasing must be 0..{last}, got {k}", "--phrasing は 0 から {last} で指定してください（指定値: {k}）"),
    "clip_caption_too_long": ("a caption is too long for the text encoder: {error}",
                              "テキストエンコーダには長すぎるキャプションがあります: {error}"),
    "clip_unknown_words": ("not in the vocabulary (read as <unk>): {words}", "語彙にない語（<unk> として読みます）: {words}"),
    "clip_search_row": ("{i}. {caption}: cosine {best:.2f} … {worst:.2f}", "{i}. {caption}: コサイン {best:.2f} … {worst:.2f}"),
    "clip_no_font_search": ("No font with Japanese glyphs found: the picture numbers those captions as above.",
                            "日本語のフォントが見つからないため、画像ではそのキャプションを上の番号で示します。"),
    "clip_searched": ("the {k} best of 2,000 test digits for each of {n} captions (seed {seed}) -> {path}",
                      "キャプション {n} 個それぞれに合うテスト画像 {k} 枚（2,000 枚から。シード {seed}） -> {path}"),
    "clip_no_font": ("No font with Japanese glyphs found: the picture shows the same captions in English.",
                     "日本語のフォントが見つからないため、画像には同じキャプションを英語で描きます。"),
    "help_clip_preset": ("cpu: CNN 32 channels, text encoder 2 blocks of width 64, 600 steps (a few minutes on 2 cores); "
                         "gpu: wider and deeper, 3000 steps (default: gpu on CUDA, else cpu)",
                         "cpu: CNN 32 チャネル、テキストエンコーダは幅 64 のブロック 2 個、600 ステップ（2 コアで数分）、"
                         "gpu: より広く深く、3000 ステップ（既定は CUDA なら gpu、それ以外は cpu）"),
    "help_clip_steps": ("optimizer steps", "最適化のステップ数"),
    "help_clip_batch_size": ("image-caption pairs per step (per process): the contrastive loss tells each from the others",
                             "1 ステップの画像とキャプションの組の数（プロセスごと）。対照損失はそれぞれを他の組と見分けます"),
    "help_clip_lr": ("peak AdamW learning rate (warm-up, then cosine decay)", "AdamW の学習率の最大値（ウォームアップの後コサイン減衰）"),
    "help_clip_warmup": ("steps of linear learning-rate warm-up", "学習率を線形に上げるウォームアップのステップ数"),
    "help_clip_weight_decay": ("AdamW weight decay of the weight matrices", "重み行列にかける AdamW の重み減衰"),
    "help_clip_lang_mix": ("share of the training captions written in Japanese (0: English only, 1: Japanese only)",
                           "学習に使うキャプションのうち日本語で書くものの割合（0 なら英語のみ、1 なら日本語のみ）"),
    "help_clip_word_dropout": ("chance that a word of a training caption is left out (the others move up a position)",
                               "学習用キャプションの各語を抜く確率（残りの語は前に詰めます）"),
    "help_clip_shift": ("move each training digit by up to this many pixels (0: never)",
                        "訓練用の数字をそれぞれ最大この画素数だけずらす（0 ならずらさない）"),
    "help_clip_channels": ("channels of the CNN's first convolution (the second has twice as many)",
                           "CNN の最初の畳み込みのチャネル数（2 番目はその 2 倍）"),
    "help_clip_image_dim": ("width of the image encoder's output vector", "画像エンコーダが出力するベクトルの幅"),
    "help_clip_n_embd": ("width of the text encoder", "テキストエンコーダの幅"),
    "help_clip_n_head": ("attention heads per text-encoder block", "テキストエンコーダの各ブロックの注意ヘッド数"),
    "help_clip_n_layer": ("blocks of the text encoder", "テキストエンコーダのブロック数"),
    "help_clip_embed_dim": ("dimensions of the space images and captions share", "画像とキャプションが共有する空間の次元数"),
    "help_clip_dropout": ("dropout in the text encoder", "テキストエンコーダのドロップアウト率"),
    "help_clip_eval_images": ("test digits classified at each evaluation (all at the end)",
                              "評価のたびに分類するテスト画像の枚数（最後は全部）"),
    "help_clip_retrieval_images": ("test digits searched for retrieval recall@k at the end",
                                   "最後に検索の recall@k を測るテスト画像の枚数"),
    "help_clip_count": ("test digits to classify, or digits to find per caption (default 8)",
                        "分類するテスト画像の枚数、またはキャプションごとに探す画像の枚数（既定 8）"),
    "help_clip_caption_lang": ("language of the prompts and ranked captions: en or ja (default en)",
                               "プロンプトと順位づけるキャプションの言語: en か ja（既定 en）"),
    "help_clip_phrasing": ("phrasing 0..5 of the ranked captions (0-3 trained, 4-5 held out; default 4)",
                           "順位づけるキャプションの言い回し 0 から 5（0 から 3 は学習用、4 と 5 は未使用。既定 4）"),
    "help_clip_captions": ("captions of your own: each finds its best test digits instead",
                           "自分で書いたキャプション。指定するとそれぞれに最も合うテスト画像を探します"),
    "loop_metric_logit_scale": ("logit scale", "ロジットのスケール"),
}
