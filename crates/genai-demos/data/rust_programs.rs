use std::collections::HashMap;

fn count_loaves(trays: &[u32]) -> u32 {
    let mut total = 0;
    for tray in trays {
        total += tray;
    }
    total
}
// ---
fn loaf_price(size: &str) -> f64 {
    match size {
        "small" => 2.5,
        "medium" => 3.75,
        "large" => 5.0,
        _ => 0.0,
    }
}
// ---
fn order_total(count: u32, unit_price: f64) -> f64 {
    let mut total = count as f64 * unit_price;
    // a dozen or more gets ten percent off
    if count >= 12 {
        total = total * 0.9;
    }
    total
}
// ---
fn bakery_fizz(n: u32) -> String {
    if n % 15 == 0 {
        String::from("BreadButter")
    } else if n % 3 == 0 {
        String::from("Bread")
    } else if n % 5 == 0 {
        String::from("Butter")
    } else {
        n.to_string()
    }
}
// ---
fn gcd(a: u32, b: u32) -> u32 {
    let mut x = a;
    let mut y = b;
    while y != 0 {
        let rest = x % y;
        x = y;
        y = rest;
    }
    x
}
// ---
fn lcm(a: u32, b: u32) -> u32 {
    if a == 0 || b == 0 {
        return 0;
    }
    a / gcd(a, b) * b
}
// ---
fn factorial(n: u64) -> u64 {
    let mut result = 1;
    let mut i = 2;
    while i <= n {
        result *= i;
        i += 1;
    }
    result
}
// ---
fn fibonacci(n: u32) -> u64 {
    let mut a: u64 = 0;
    let mut b: u64 = 1;
    for _ in 0..n {
        let next = a + b;
        a = b;
        b = next;
    }
    a
}
// ---
fn sum_vec(values: &Vec<i32>) -> i32 {
    let mut sum = 0;
    for v in values {
        sum += v;
    }
    sum
}
// ---
fn max_value(values: &[i32]) -> Option<i32> {
    if values.is_empty() {
        return None;
    }
    let mut best = values[0];
    for &v in values {
        if v > best {
            best = v;
        }
    }
    Some(best)
}
// ---
fn min_value(values: &[i32]) -> Option<i32> {
    let mut best: Option<i32> = None;
    for &v in values {
        match best {
            None => best = Some(v),
            Some(b) if v < b => best = Some(v),
            _ => {}
        }
    }
    best
}
// ---
fn reverse_string(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().rev() {
        out.push(c);
    }
    out
}
// ---
fn word_count(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        let entry = counts.entry(word.to_lowercase()).or_insert(0);
        *entry += 1;
    }
    counts
}
// ---
fn binary_search(values: &[i32], target: i32) -> Option<usize> {
    let mut low = 0;
    let mut high = values.len();
    while low < high {
        let mid = low + (high - low) / 2;
        if values[mid] == target {
            return Some(mid);
        } else if values[mid] < target {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    None
}
// ---
fn bubble_sort(values: &mut Vec<i32>) {
    let n = values.len();
    for i in 0..n {
        let mut swapped = false;
        for j in 0..n - 1 - i {
            if values[j] > values[j + 1] {
                values.swap(j, j + 1);
                swapped = true;
            }
        }
        if !swapped {
            break;
        }
    }
}
// ---
fn is_prime(n: u32) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2;
    while d * d <= n {
        if n % d == 0 {
            return false;
        }
        d += 1;
    }
    true
}
// ---
fn celsius_to_fahrenheit(c: f64) -> f64 {
    c * 9.0 / 5.0 + 32.0
}

fn fahrenheit_to_celsius(f: f64) -> f64 {
    (f - 32.0) * 5.0 / 9.0
}
// ---
struct OvenTimer {
    seconds_left: u32,
}

impl OvenTimer {
    fn new(minutes: u32) -> OvenTimer {
        OvenTimer {
            seconds_left: minutes * 60,
        }
    }

    fn tick(&mut self, seconds: u32) {
        if seconds >= self.seconds_left {
            self.seconds_left = 0;
        } else {
            self.seconds_left -= seconds;
        }
    }

    fn is_done(&self) -> bool {
        self.seconds_left == 0
    }
}
// ---
fn bake_minutes(weight_grams: u32) -> u32 {
    let base = 20;
    let extra = weight_grams / 100 * 3;
    let total = base + extra;
    if total > 60 {
        60
    } else {
        total
    }
}
// ---
struct Recipe {
    name: String,
    flour: f64,
    water: f64,
    salt: f64,
}

impl Recipe {
    fn scale(&self, factor: f64) -> Recipe {
        Recipe {
            name: self.name.clone(),
            flour: self.flour * factor,
            water: self.water * factor,
            salt: self.salt * factor,
        }
    }

    fn describe(&self) -> String {
        format!(
            "{}: {} g flour, {} g water, {} g salt",
            self.name, self.flour, self.water, self.salt
        )
    }
}
// ---
fn hydration(flour: f64, water: f64) -> f64 {
    if flour == 0.0 {
        return 0.0;
    }
    let ratio = water / flour;
    ratio * 100.0
}
// ---
enum Pastry {
    Croissant,
    Muffin,
    Scone,
    Bagel,
}

fn pastry_price(p: &Pastry) -> f64 {
    match p {
        Pastry::Croissant => 2.25,
        Pastry::Muffin => 1.75,
        Pastry::Scone => 2.0,
        Pastry::Bagel => 1.5,
    }
}
// ---
enum OvenState {
    Cold,
    Heating(u32),
    Ready,
}

fn describe_oven(state: &OvenState) -> String {
    match state {
        OvenState::Cold => String::from("the oven is cold"),
        OvenState::Heating(temp) => format!("heating, now at {} C", temp),
        OvenState::Ready => String::from("ready to bake"),
    }
}
// ---
struct Inventory {
    items: HashMap<String, u32>,
}

impl Inventory {
    fn new() -> Inventory {
        Inventory {
            items: HashMap::new(),
        }
    }

    fn add(&mut self, name: &str, amount: u32) {
        let count = self.items.entry(name.to_string()).or_insert(0);
        *count += amount;
    }
}
// ---
impl Inventory {
    fn take(&mut self, name: &str, amount: u32) -> bool {
        match self.items.get_mut(name) {
            Some(count) if *count >= amount => {
                *count -= amount;
                true
            }
            _ => false,
        }
    }

    fn stock_of(&self, name: &str) -> u32 {
        match self.items.get(name) {
            Some(count) => *count,
            None => 0,
        }
    }
}
// ---
fn low_stock(names: &[&str], counts: &[u32], limit: u32) -> Vec<String> {
    let mut result = Vec::new();
    let mut i = 0;
    while i < names.len() && i < counts.len() {
        if counts[i] < limit {
            result.push(names[i].to_string());
        }
        i += 1;
    }
    result
}
// ---
fn count_vowels(text: &str) -> usize {
    let mut count = 0;
    for c in text.chars() {
        match c {
            'a' | 'e' | 'i' | 'o' | 'u' => count += 1,
            'A' | 'E' | 'I' | 'O' | 'U' => count += 1,
            _ => {}
        }
    }
    count
}
// ---
fn is_palindrome(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let n = letters.len();
    for i in 0..n / 2 {
        if letters[i].to_ascii_lowercase() != letters[n - 1 - i].to_ascii_lowercase() {
            return false;
        }
    }
    true
}
// ---
fn average(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sum = 0.0;
    for v in values {
        sum += v;
    }
    sum / values.len() as f64
}
// ---
fn boxes_needed(items: u32, per_box: u32) -> u32 {
    if per_box == 0 {
        return 0;
    }
    let mut boxes = items / per_box;
    if items % per_box != 0 {
        boxes += 1;
    }
    boxes
}
// ---
fn make_change(paid: u32, cost: u32) -> Vec<u32> {
    let coins = [200, 100, 50, 20, 10, 5, 2, 1];
    let mut left = if paid > cost { paid - cost } else { 0 };
    let mut change = Vec::new();
    for coin in coins {
        while left >= coin {
            change.push(coin);
            left -= coin;
        }
    }
    change
}
// ---
fn power(base: i64, exp: u32) -> i64 {
    let mut result = 1;
    let mut i = 0;
    while i < exp {
        result *= base;
        i += 1;
    }
    result
}
// ---
fn digit_sum(n: u32) -> u32 {
    let mut rest = n;
    let mut sum = 0;
    while rest > 0 {
        sum += rest % 10;
        rest /= 10;
    }
    sum
}
// ---
fn count_primes(limit: u32) -> u32 {
    let mut count = 0;
    for n in 0..=limit {
        if is_prime(n) {
            count += 1;
        }
    }
    count
}
// ---
fn insertion_sort(values: &mut Vec<i32>) {
    for i in 1..values.len() {
        let key = values[i];
        let mut j = i;
        while j > 0 && values[j - 1] > key {
            values[j] = values[j - 1];
            j -= 1;
        }
        values[j] = key;
    }
}
// ---
fn find_bread(shelf: &[&str], name: &str) -> Option<usize> {
    for (i, item) in shelf.iter().enumerate() {
        if *item == name {
            return Some(i);
        }
    }
    None
}
// ---
struct Order {
    customer: String,
    loaves: u32,
    paid: bool,
}

impl Order {
    fn total(&self) -> f64 {
        order_total(self.loaves, loaf_price("medium"))
    }

    fn summary(&self) -> String {
        let status = if self.paid { "paid" } else { "unpaid" };
        format!(
            "{} wants {} loaves ({})",
            self.customer, self.loaves, status
        )
    }
}
// ---
fn daily_revenue(orders: &[Order]) -> f64 {
    let mut revenue = 0.0;
    for order in orders {
        if order.paid {
            revenue += order.total();
        }
    }
    revenue
}
// ---
fn most_popular(sales: &[&str]) -> String {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for item in sales {
        *counts.entry(item).or_insert(0) += 1;
    }
    let mut best = "";
    let mut best_count = 0;
    for (name, count) in &counts {
        if *count > best_count || (*count == best_count && *name < best) {
            best = name;
            best_count = *count;
        }
    }
    best.to_string()
}
// ---
fn rise_hours(room_temp_c: f64) -> f64 {
    if room_temp_c >= 27.0 {
        1.0
    } else if room_temp_c >= 22.0 {
        1.5
    } else if room_temp_c >= 18.0 {
        2.5
    } else {
        4.0
    }
}
// ---
fn collatz_steps(start: u64) -> u32 {
    let mut n = start;
    let mut steps = 0;
    while n > 1 {
        if n % 2 == 0 {
            n /= 2;
        } else {
            n = 3 * n + 1;
        }
        steps += 1;
    }
    steps
}
// ---
fn capitalize_words(text: &str) -> String {
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        let mut chars = word.chars();
        let capital = match chars.next() {
            Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
            None => String::new(),
        };
        words.push(capital);
    }
    words.join(" ")
}
// ---
fn running_totals(sales: &[u32]) -> Vec<u32> {
    let mut totals = Vec::new();
    let mut sum = 0;
    for s in sales {
        sum += s;
        totals.push(sum);
    }
    totals
}
// ---
fn count_even(values: &[i32]) -> usize {
    let mut count = 0;
    for v in values {
        if v % 2 == 0 {
            count += 1;
        }
    }
    count
}
// ---
enum LoafSize {
    Small,
    Medium,
    Large,
}

impl LoafSize {
    fn grams(&self) -> u32 {
        match self {
            LoafSize::Small => 400,
            LoafSize::Medium => 800,
            LoafSize::Large => 1200,
        }
    }
}
// ---
fn triangle_number(n: u32) -> u32 {
    let mut total = 0;
    for i in 1..=n {
        total += i;
    }
    total
}
// ---
fn merge_sorted(a: &[i32], b: &[i32]) -> Vec<i32> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut j = 0;
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}
// ---
struct Baker {
    name: String,
    loaves_baked: u32,
}

impl Baker {
    fn new(name: &str) -> Baker {
        Baker {
            name: name.to_string(),
            loaves_baked: 0,
        }
    }

    fn bake(&mut self, count: u32) {
        self.loaves_baked += count;
    }

    fn report(&self) -> String {
        format!("{} baked {} loaves today", self.name, self.loaves_baked)
    }
}
// ---
fn shelf_grid(rows: usize, cols: usize) -> Vec<Vec<u32>> {
    let mut grid = Vec::new();
    for r in 0..rows {
        let mut row = Vec::new();
        for c in 0..cols {
            row.push((r * cols + c + 1) as u32);
        }
        grid.push(row);
    }
    grid
}
// ---
fn flour_for_loaves(loaves: u32, size: &LoafSize) -> f64 {
    let dough = loaves * size.grams();
    // flour is about 60 percent of dough weight
    let flour = dough as f64 * 0.6;
    flour.round()
}
// ---
fn demo_numbers() {
    for n in 1..=15 {
        println!("{}", bakery_fizz(n));
    }
    println!("gcd(48, 36) = {}", gcd(48, 36));
    println!("lcm(4, 6) = {}", lcm(4, 6));
    println!("5! = {}", factorial(5));
    println!("fib(10) = {}", fibonacci(10));
    println!("2^10 = {}", power(2, 10));
    println!("digit sum of 1234 = {}", digit_sum(1234));
    println!("primes up to 50: {}", count_primes(50));
    println!("collatz steps for 27: {}", collatz_steps(27));
    println!("triangle(10) = {}", triangle_number(10));
    println!("20 C is {} F", celsius_to_fahrenheit(20.0));
    println!("212 F is {} C", fahrenheit_to_celsius(212.0));
}
// ---
fn demo_lists() {
    let mut values = vec![42, 7, 19, 3, 25, 11];
    println!("sum = {}", sum_vec(&values));
    println!(
        "max = {:?}, min = {:?}",
        max_value(&values),
        min_value(&values)
    );
    println!("even count = {}", count_even(&values));
    bubble_sort(&mut values);
    println!("sorted = {:?}", values);
    println!("index of 19 = {:?}", binary_search(&values, 19));
    let mut more = vec![9, 1, 8, 2];
    insertion_sort(&mut more);
    println!("merged = {:?}", merge_sorted(&values, &more));
    println!("average = {}", average(&[2.0, 4.0, 9.0]));
    println!("running = {:?}", running_totals(&[5, 3, 8]));
}
// ---
fn demo_text() {
    let text = "fresh bread and fresh rolls";
    println!("{}", reverse_string("sourdough"));
    let counts = word_count(text);
    println!("fresh appears {} times", counts["fresh"]);
    println!("vowels: {}", count_vowels(text));
    println!("palindrome? {}", is_palindrome("Was it a rat I saw"));
    println!("{}", capitalize_words(text));
    let sales = ["rye", "bagel", "rye", "scone", "rye", "bagel"];
    println!("most popular: {}", most_popular(&sales));
    let shelf = ["rye", "spelt", "white"];
    println!("spelt is at {:?}", find_bread(&shelf, "spelt"));
}
// ---
fn demo_bakery() {
    println!("loaves: {}", count_loaves(&[12, 10, 8]));
    println!("dozen large: {:.2}", order_total(12, loaf_price("large")));
    println!("boxes for 25 rolls: {}", boxes_needed(25, 6));
    println!("change: {:?}", make_change(500, 135));
    println!("bake 900 g: {} min", bake_minutes(900));
    println!("rise at 20 C: {} h", rise_hours(20.0));
    println!("hydration: {}%", hydration(500.0, 350.0));
    let low = low_stock(&["flour", "yeast", "salt"], &[40, 2, 10], 5);
    println!("restock: {:?}", low);
    println!("flour: {} g", flour_for_loaves(3, &LoafSize::Large));
    println!(
        "small {} g, medium {} g",
        LoafSize::Small.grams(),
        LoafSize::Medium.grams()
    );
    for row in shelf_grid(2, 3) {
        println!("{:?}", row);
    }
}
// ---
fn demo_types() {
    let pastries = [
        Pastry::Croissant,
        Pastry::Muffin,
        Pastry::Scone,
        Pastry::Bagel,
    ];
    let mut sum = 0.0;
    for p in &pastries {
        sum += pastry_price(p);
    }
    println!("one of each pastry: {:.2}", sum);
    let states = [OvenState::Cold, OvenState::Heating(180), OvenState::Ready];
    for s in &states {
        println!("{}", describe_oven(s));
    }
}
// ---
fn demo_kitchen() {
    let mut timer = OvenTimer::new(2);
    while !timer.is_done() {
        timer.tick(45);
    }
    println!("timer done");
    let bread = Recipe {
        name: String::from("country loaf"),
        flour: 500.0,
        water: 350.0,
        salt: 10.0,
    };
    println!("{}", bread.scale(2.0).describe());
}
// ---
fn demo_orders() {
    let mut stock = Inventory::new();
    stock.add("flour", 10);
    let ok = stock.take("flour", 4);
    println!("took flour: {}, left {}", ok, stock.stock_of("flour"));
    let orders = vec![
        Order {
            customer: String::from("Ana"),
            loaves: 12,
            paid: true,
        },
        Order {
            customer: String::from("Ben"),
            loaves: 2,
            paid: false,
        },
    ];
    for order in &orders {
        println!("{}", order.summary());
    }
    println!("revenue: {:.2}", daily_revenue(&orders));
}
// ---
fn main() {
    demo_numbers();
    demo_lists();
    demo_text();
    demo_bakery();
    demo_types();
    demo_kitchen();
    demo_orders();
    let mut baker = Baker::new("Mia");
    baker.bake(24);
    println!("{}", baker.report());
}
