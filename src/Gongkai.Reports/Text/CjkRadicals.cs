namespace Gongkai.Reports.Text;

/// <summary>
/// CJK radicals (U+2E80–U+2FDF) to the ideographs they look like. A PDF's font often maps the glyph of a common
/// character to the radical of the same shape ("⼀" U+2F00 for "一", "⻔" for "门": Chromium printing with Noto CJK
/// does), so its extracted text has radicals where the page shows ideographs. Generated from Unicode's
/// EquivalentUnifiedIdeograph.txt (Debian's unicode-data; radicals whose ideograph lies outside the BMP left out),
/// with KANGXI RADICAL DOOR taken as the simplified 户 rather than 戶, as the reports are in simplified characters.
/// </summary>
public static class CjkRadicals
{
    private const string From = "⺁⺂⺃⺄⺅⺆⺈⺉⺊⺋⺌⺍⺎⺏⺐⺒⺓⺔⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺥⺦⺧⺨⺩⺫⺬⺭⺯⺰⺱⺲⺳⺴⺶⺹⺺⺻⺼⺾⺿⻀⻁⻂⻃⻄⻅⻆⻈⻉⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻖⻗⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳⼀⼁⼂⼃⼄⼅⼆⼇⼈⼉⼊⼋⼌⼍⼎⼏⼐⼑⼒⼓⼔⼕⼖⼗⼘⼙⼚⼛⼜⼝⼞⼟⼠⼡⼢⼣⼤⼥⼦⼧⼨⼩⼪⼫⼬⼭⼮⼯⼰⼱⼲⼳⼴⼵⼶⼷⼸⼹⼺⼻⼼⼽⼾⼿⽀⽁⽂⽃⽄⽅⽆⽇⽈⽉⽊⽋⽌⽍⽎⽏⽐⽑⽒⽓⽔⽕⽖⽗⽘⽙⽚⽛⽜⽝⽞⽟⽠⽡⽢⽣⽤⽥⽦⽧⽨⽩⽪⽫⽬⽭⽮⽯⽰⽱⽲⽳⽴⽵⽶⽷⽸⽹⽺⽻⽼⽽⽾⽿⾀⾁⾂⾃⾄⾅⾆⾇⾈⾉⾊⾋⾌⾍⾎⾏⾐⾑⾒⾓⾔⾕⾖⾗⾘⾙⾚⾛⾜⾝⾞⾟⾠⾡⾢⾣⾤⾥⾦⾧⾨⾩⾪⾫⾬⾭⾮⾯⾰⾱⾲⾳⾴⾵⾶⾷⾸⾹⾺⾻⾼⾽⾾⾿⿀⿁⿂⿃⿄⿅⿆⿇⿈⿉⿊⿋⿌⿍⿎⿏⿐⿑⿒⿓⿔⿕";

    private const string To = "厂乛乚乙亻冂刀刂卜㔾小小兀尣尢巳幺彑忄心扌攵旡日月歺母民氵氺灬爫爫丬牛犭王目示礻糹纟罓罒㓁冗羊耂肀聿肉艹艹艹虎衤覀西见角讠贝车辶辶辶邑钅長镸长门阝雨青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈户手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

    private static readonly Dictionary<char, char> Map = BuildMap();

    /// <summary>Whether the character is in the radical blocks (a quick test before the look-up).</summary>
    public static bool IsRadical(char c) => c is >= '\u2E80' and <= '\u2FDF';

    /// <summary>The text with each radical replaced by its ideograph; the same string when it has none.</summary>
    public static string Replace(string text)
    {
        var i = 0;
        while (i < text.Length && !IsRadical(text[i]))
        {
            i++;
        }
        if (i == text.Length)
        {
            return text;
        }
        var chars = text.ToCharArray();
        for (; i < chars.Length; i++)
        {
            if (IsRadical(chars[i]) && Map.TryGetValue(chars[i], out var ideograph))
            {
                chars[i] = ideograph;
            }
        }
        return new string(chars);
    }

    private static Dictionary<char, char> BuildMap()
    {
        var map = new Dictionary<char, char>(From.Length);
        for (var i = 0; i < From.Length; i++)
        {
            map[From[i]] = To[i];
        }
        return map;
    }
}
